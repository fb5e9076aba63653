import fc from "fast-check"
import { quietHoursState, wallClock } from "../quiet-hours"

describe("quiet hours properties", () => {
  const zones = [
    "Europe/Kyiv",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "UTC",
    "America/Santiago",
    "Pacific/Chatham",
  ]
  const time = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`)
  const instant = fc
    .integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) })
    .map((ms) => new Date(Math.floor(ms / 1000) * 1000))

  it("opens in the future, within a day, at a moment that is outside the window", () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...zones), time, time, (now, timeZone, start, end) => {
        const state = quietHoursState(now, { timeZone, start, end })
        if (!state.inside) {
          expect(state.opensAt).toBeNull()
          return
        }
        const opensAt = state.opensAt!
        expect(opensAt.getTime()).toBeGreaterThan(now.getTime())
        expect(opensAt.getTime() - now.getTime()).toBeLessThanOrEqual(25 * 3600_000)
        expect(quietHoursState(opensAt, { timeZone, start, end }).inside).toBe(false)
        expect(quietHoursState(new Date(opensAt.getTime() - 1000), { timeZone, start, end }).inside).toBe(true)
        const local = wallClock(opensAt, timeZone)
        const [endHour, endMinute] = end.split(":").map(Number)
        // the wall clock shows the end time, or a later time when the clock jumped over it
        expect(local.hour * 60 + local.minute).toBeGreaterThanOrEqual(endHour * 60 + endMinute)
      }),
      { numRuns: 1000 }
    )
  })
})
