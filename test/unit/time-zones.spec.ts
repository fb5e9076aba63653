import { wallClock } from "../../src/modules/messaging/schedule/quiet-hours"
import { zoneWhereHourIs } from "../support/time-zones"

describe("zoneWhereHourIs (test support)", () => {
  it("names a zone where the wall clock shows that hour, at any time of day", () => {
    for (let utc = 0; utc < 24; utc++) {
      const now = new Date(Date.UTC(2026, 10, 21, utc, 37))
      for (const hour of [2, 13, 23]) expect(wallClock(now, zoneWhereHourIs(hour, now)).hour).toBe(hour)
    }
  })

  it("refuses hours outside 0–23", () => {
    expect(() => zoneWhereHourIs(24)).toThrow(RangeError)
  })
})
