import { PacedSchedule, pacedScheduleFor } from "../paced-schedule"
import { site } from "./fixtures"

const at = (iso: string) => new Date(iso)
const NIGHT = { timeZone: "UTC", start: "21:00", end: "08:00" }
const take = (s: PacedSchedule, n: number) => Array.from({ length: n }, () => s.next())

describe("PacedSchedule", () => {
  it("without a window, slot i is start + i / rate", () => {
    const slots = take(new PacedSchedule(null, at("2026-06-10T02:00:00Z"), 4), 5)
    expect(slots.map((s) => s.at.toISOString())).toEqual([
      "2026-06-10T02:00:00.000Z",
      "2026-06-10T02:00:00.250Z",
      "2026-06-10T02:00:00.500Z",
      "2026-06-10T02:00:00.750Z",
      "2026-06-10T02:00:01.000Z",
    ])
    expect(slots.every((s) => !s.held)).toBe(true)
  })

  it("stops at the start of the night and goes on at the same pace when it ends", () => {
    // 1 per minute from 20:58: 20:58, 20:59, then 08:00, 08:01 the next day
    const slots = take(new PacedSchedule(NIGHT, at("2026-06-10T20:58:00Z"), 1 / 60), 4)
    expect(slots.map((s) => s.at.toISOString())).toEqual([
      "2026-06-10T20:58:00.000Z",
      "2026-06-10T20:59:00.000Z",
      "2026-06-11T08:00:00.000Z",
      "2026-06-11T08:01:00.000Z",
    ])
    expect(slots.map((s) => s.held)).toEqual([false, false, true, true])
  })

  it("a start inside the night moves to its end, held", () => {
    const [first, second] = take(new PacedSchedule(NIGHT, at("2026-06-10T23:30:00Z"), 2), 2)
    expect(first).toEqual({ at: at("2026-06-11T08:00:00Z"), held: true })
    expect(second).toEqual({ at: at("2026-06-11T08:00:00.500Z"), held: true })
  })

  it("skip(n) lands where n calls of next() do, across several nights", () => {
    // 1 per 10 minutes, 13 hours of open time a day: 78 slots a day
    const walked = new PacedSchedule(NIGHT, at("2026-06-10T12:00:00Z"), 1 / 600)
    for (const n of [0, 1, 53, 54, 77, 78, 200, 500]) {
      const skipped = new PacedSchedule(NIGHT, at("2026-06-10T12:00:00Z"), 1 / 600).skip(n).next()
      const fresh = new PacedSchedule(NIGHT, at("2026-06-10T12:00:00Z"), 1 / 600)
      const byNext = take(fresh, n + 1)[n]
      expect(skipped).toEqual(byNext)
    }
    // no slot ever falls inside the night
    for (const s of take(walked, 500)) expect(s.at.getUTCHours() >= 8 && s.at.getUTCHours() < 21).toBe(true)
  })

  it("refuses a rate that is not a positive number", () => {
    for (const rate of [0, -1, NaN, Infinity])
      expect(() => new PacedSchedule(null, new Date(), rate)).toThrow(RangeError)
  })
})

describe("pacedScheduleFor", () => {
  it("marketing waits out 21:00–08:00 in the site's zone when the site has no quiet hours; transactional does not", () => {
    const kyiv = site() // Europe/Kyiv, no quiet hours
    const start = at("2026-06-10T17:59:00Z") // 20:59 Kyiv (UTC+3)
    const marketing = take(pacedScheduleFor(kyiv, { marketing: true }, start, 1 / 60), 2)
    expect(marketing[1]).toEqual({ at: at("2026-06-11T05:00:00Z"), held: true }) // 08:00 Kyiv
    expect(take(pacedScheduleFor(kyiv, {}, start, 1 / 60), 2)[1]).toEqual({
      at: at("2026-06-10T18:00:00Z"),
      held: false,
    })
  })

  it("uses the site's own quiet hours, and none for critical messages", () => {
    const own = site({ quiet_hours_enabled: true, quiet_hours_start: "22:00", quiet_hours_end: "09:00" })
    const start = at("2026-06-10T18:59:00Z") // 21:59 Kyiv
    expect(take(pacedScheduleFor(own, {}, start, 1 / 60), 2)[1]).toEqual({ at: at("2026-06-11T06:00:00Z"), held: true })
    expect(take(pacedScheduleFor(own, { critical: true }, start, 1 / 60), 2)[1].held).toBe(false)
  })
})
