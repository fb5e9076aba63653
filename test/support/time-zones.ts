/**
 * Tests that send marketing must not depend on the hour they run at: marketing waits out
 * the night (21:00–08:00 in the site's zone). `zoneWhereHourIs(13)` names a fixed-offset
 * IANA zone (Etc/GMT±N) where it is 13:xx right now, `zoneWhereHourIs(2)` one where it
 * is night.
 */
export function zoneWhereHourIs(hour: number, now: Date = new Date()): string {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`hour must be 0–23, got ${hour}`)
  let offset = (((hour - now.getUTCHours()) % 24) + 24) % 24
  if (offset > 12) offset -= 24
  // Etc/GMT signs are POSIX-style: Etc/GMT-3 is UTC+3.
  return offset === 0 ? "Etc/UTC" : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`
}
