import {
  deferPastQuietHours,
  instantsOfWallTime,
  isValidTimeZone,
  nextQuietStart,
  parseTimeOfDay,
  quietHoursFromMetadata,
  quietHoursState,
  wallClock,
} from "../quiet-hours"

const night = (timeZone: string) => ({ timeZone, start: "21:00", end: "09:00" })
const at = (iso: string) => new Date(iso)

describe("quietHoursState", () => {
  it("is outside during the day and inside at night", () => {
    expect(quietHoursState(at("2026-06-10T09:00:00Z"), night("UTC"))).toEqual({ inside: false, opensAt: null })
    expect(quietHoursState(at("2026-06-10T20:59:59Z"), night("UTC"))).toEqual({ inside: false, opensAt: null })
    expect(quietHoursState(at("2026-06-10T21:00:00Z"), night("UTC"))).toEqual({
      inside: true,
      opensAt: at("2026-06-11T09:00:00Z"),
    })
    expect(quietHoursState(at("2026-06-11T08:59:59Z"), night("UTC"))).toEqual({
      inside: true,
      opensAt: at("2026-06-11T09:00:00Z"),
    })
  })

  it("23:30 with 21:00–09:00 opens at 09:00 the next local day", () => {
    // 23:30 in Kyiv (UTC+3 in summer) = 20:30 UTC
    expect(quietHoursState(at("2026-07-01T20:30:00Z"), night("Europe/Kyiv"))).toEqual({
      inside: true,
      opensAt: at("2026-07-02T06:00:00Z"),
    })
  })

  it("handles windows that do not span midnight", () => {
    const lunch = { timeZone: "Europe/Kyiv", start: "13:00", end: "14:00" }
    expect(quietHoursState(at("2026-01-15T11:30:00Z"), lunch)).toEqual({
      inside: true,
      opensAt: at("2026-01-15T12:00:00Z"),
    })
    expect(quietHoursState(at("2026-01-15T12:00:00Z"), lunch)).toEqual({ inside: false, opensAt: null })
  })

  it("is disabled when start equals end", () => {
    expect(quietHoursState(at("2026-01-15T23:00:00Z"), { timeZone: "UTC", start: "22:00", end: "22:00" })).toEqual({
      inside: false,
      opensAt: null,
    })
  })

  describe("Europe/Kyiv daylight-saving changes", () => {
    it("spring forward (2026-03-29 03:00 → 04:00): the night starts at UTC+2 and ends at UTC+3", () => {
      // 23:30 on the 28th at UTC+2 = 21:30 UTC; 09:00 on the 29th at UTC+3 = 06:00 UTC
      expect(quietHoursState(at("2026-03-28T21:30:00Z"), night("Europe/Kyiv"))).toEqual({
        inside: true,
        opensAt: at("2026-03-29T06:00:00Z"),
      })
    })

    it("fall back (2026-10-25 04:00 → 03:00): the night starts at UTC+3 and ends at UTC+2", () => {
      expect(quietHoursState(at("2026-10-24T20:30:00Z"), night("Europe/Kyiv"))).toEqual({
        inside: true,
        opensAt: at("2026-10-25T07:00:00Z"),
      })
    })

    it("an end time skipped by the clock change opens at the moment of the jump", () => {
      // 03:30 does not exist on 2026-03-29 in Kyiv; the clock jumps from 03:00 (UTC+2) to 04:00 at 01:00 UTC
      const window = { timeZone: "Europe/Kyiv", start: "22:00", end: "03:30" }
      expect(quietHoursState(at("2026-03-28T22:00:00Z"), window)).toEqual({
        inside: true,
        opensAt: at("2026-03-29T01:00:00Z"),
      })
      expect(quietHoursState(at("2026-03-29T01:00:00Z"), window)).toEqual({ inside: false, opensAt: null })
    })

    it("an end time that happens twice opens at the next occurrence", () => {
      // 03:30 happens at 00:30 UTC (UTC+3) and again at 01:30 UTC (UTC+2) on 2026-10-25
      const window = { timeZone: "Europe/Kyiv", start: "22:00", end: "03:30" }
      expect(quietHoursState(at("2026-10-24T23:00:00Z"), window)).toEqual({
        inside: true,
        opensAt: at("2026-10-25T00:30:00Z"),
      })
      // 01:10 UTC is 03:10 on the repeated hour: still quiet, until the second 03:30
      expect(quietHoursState(at("2026-10-25T01:10:00Z"), window)).toEqual({
        inside: true,
        opensAt: at("2026-10-25T01:30:00Z"),
      })
    })
  })

  describe("America/New_York daylight-saving changes", () => {
    it("spring forward (2026-03-08): 23:30 EST → 09:00 EDT", () => {
      expect(quietHoursState(at("2026-03-08T04:30:00Z"), night("America/New_York"))).toEqual({
        inside: true,
        opensAt: at("2026-03-08T13:00:00Z"),
      })
    })

    it("fall back (2026-11-01): 23:30 EDT → 09:00 EST", () => {
      expect(quietHoursState(at("2026-11-01T03:30:00Z"), night("America/New_York"))).toEqual({
        inside: true,
        opensAt: at("2026-11-01T14:00:00Z"),
      })
    })

    it("an early-morning window ending at 02:30 on the spring-forward night ends at 03:00 EDT", () => {
      const window = { timeZone: "America/New_York", start: "01:00", end: "02:30" }
      expect(quietHoursState(at("2026-03-08T06:30:00Z"), window)).toEqual({
        inside: true,
        opensAt: at("2026-03-08T07:00:00Z"),
      })
    })
  })

  it("rejects bad input with clear errors", () => {
    expect(() => quietHoursState(new Date(), { timeZone: "Mars/Olympus", start: "21:00", end: "09:00" })).toThrow(
      'Unknown time zone "Mars/Olympus"'
    )
    expect(() => quietHoursState(new Date(), { timeZone: "UTC", start: "25:00", end: "09:00" })).toThrow(
      /expected HH:MM/
    )
    expect(() => quietHoursState(new Date("nope"), night("UTC"))).toThrow(/not a valid date/)
  })
})

describe("nextQuietStart", () => {
  it("is today's start when it is still ahead, else tomorrow's; `from` itself counts", () => {
    expect(nextQuietStart(at("2026-06-10T12:00:00Z"), night("UTC"))).toEqual(at("2026-06-10T21:00:00Z"))
    expect(nextQuietStart(at("2026-06-10T21:00:00Z"), night("UTC"))).toEqual(at("2026-06-10T21:00:00Z"))
    expect(nextQuietStart(at("2026-06-10T21:00:01Z"), night("UTC"))).toEqual(at("2026-06-11T21:00:00Z"))
  })

  it("follows the zone's offset, across a daylight-saving change", () => {
    // 21:00 Kyiv is 18:00 UTC in summer (UTC+3) and 19:00 UTC in winter (UTC+2)
    expect(nextQuietStart(at("2026-07-01T10:00:00Z"), night("Europe/Kyiv"))).toEqual(at("2026-07-01T18:00:00Z"))
    expect(nextQuietStart(at("2026-10-24T19:00:00Z"), night("Europe/Kyiv"))).toEqual(at("2026-10-25T19:00:00Z"))
  })

  it("is null when start equals end, and refuses bad input", () => {
    expect(nextQuietStart(at("2026-06-10T12:00:00Z"), { timeZone: "UTC", start: "22:00", end: "22:00" })).toBeNull()
    expect(() => nextQuietStart(new Date(NaN), night("UTC"))).toThrow(RangeError)
    expect(() => nextQuietStart(at("2026-06-10T12:00:00Z"), night("Mars/Base"))).toThrow(/Unknown time zone/)
  })
})

describe("time zone helpers", () => {
  it("validates IANA names", () => {
    expect(isValidTimeZone("Europe/Kyiv")).toBe(true)
    expect(isValidTimeZone("America/New_York")).toBe(true)
    expect(isValidTimeZone("UTC")).toBe(true)
    expect(isValidTimeZone("Europe/Atlantis")).toBe(false)
    expect(isValidTimeZone("")).toBe(false)
    expect(isValidTimeZone(42)).toBe(false)
  })

  it("parses HH:MM", () => {
    expect(parseTimeOfDay("00:00")).toBe(0)
    expect(parseTimeOfDay("9:05")).toBe(545)
    expect(parseTimeOfDay("23:59")).toBe(1439)
    expect(() => parseTimeOfDay("24:00")).toThrow()
    expect(() => parseTimeOfDay("9")).toThrow()
  })

  it("reads wall clocks and finds the instants of a wall time", () => {
    expect(wallClock(at("2026-03-29T01:00:00Z"), "Europe/Kyiv")).toEqual({
      year: 2026,
      month: 3,
      day: 29,
      hour: 4,
      minute: 0,
      second: 0,
    })
    expect(wallClock(at("2026-03-29T00:59:59Z"), "Europe/Kyiv")).toMatchObject({ hour: 2, minute: 59, second: 59 })
    const repeated = { year: 2026, month: 11, day: 1, hour: 1, minute: 30, second: 0 }
    expect(instantsOfWallTime(repeated, "America/New_York")).toEqual([
      at("2026-11-01T05:30:00Z"),
      at("2026-11-01T06:30:00Z"),
    ])
    const skipped = { year: 2026, month: 3, day: 8, hour: 2, minute: 30, second: 0 }
    expect(instantsOfWallTime(skipped, "America/New_York")).toEqual([at("2026-03-08T07:00:00Z")])
  })
})

describe("deferPastQuietHours (retries)", () => {
  const window = { timeZone: "Europe/Kyiv", start: "21:00", end: "09:00" }

  it("a retry due at 02:00 Kyiv waits for 09:00, like a first attempt", () => {
    // 2026-06-10 23:00 UTC = 02:00 Kyiv (UTC+3) on the 11th
    expect(deferPastQuietHours(new Date("2026-06-10T23:00:00Z"), window).toISOString()).toBe("2026-06-11T06:00:00.000Z")
  })

  it("a retry due in the day, or without a window (critical), keeps its time", () => {
    const day = new Date("2026-06-10T09:00:00Z")
    expect(deferPastQuietHours(day, window)).toEqual(day)
    const night = new Date("2026-06-10T23:00:00Z")
    expect(deferPastQuietHours(night, null)).toEqual(night)
    expect(deferPastQuietHours(night, { ...window, timeZone: "Not/AZone" })).toEqual(night)
  })

  it("reads the window a message carries in its metadata", () => {
    expect(quietHoursFromMetadata({ quiet_hours: window, other: 1 })).toEqual(window)
    expect(quietHoursFromMetadata({ quiet_hours: { start: "21:00" } })).toBeNull()
    expect(quietHoursFromMetadata(null)).toBeNull()
  })
})
