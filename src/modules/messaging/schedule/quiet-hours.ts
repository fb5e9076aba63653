/**
 * Night-time ("quiet hours") windows in a shop's time zone.
 *
 * Wall-clock times come from `Intl.DateTimeFormat`, so daylight-saving
 * changes are handled by the platform's time-zone data. Converting a wall
 * time back to an instant:
 *  - a time that happens twice (clocks go back) has two instants; callers get
 *    the earliest one that is still in the future;
 *  - a time that never happens (clocks go forward) maps to the moment of the
 *    jump, i.e. the first instant whose wall clock is past that time.
 */

export interface QuietHours {
  /** IANA time zone, e.g. "Europe/Kyiv". */
  timeZone: string
  /** Start of the quiet window, "HH:MM" (24 h). */
  start: string
  /** End of the quiet window, "HH:MM"; equal to `start` means no quiet hours. */
  end: string
}

export interface QuietHoursState {
  /** Whether `now` falls inside the quiet window. */
  inside: boolean
  /** When sending is allowed again (the next end of the window); null when outside. */
  opensAt: Date | null
}

export interface WallClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

const DAY_MS = 86_400_000
const formatters = new Map<string, Intl.DateTimeFormat>()

/** Whether a string is an IANA time zone this runtime knows. */
export function isValidTimeZone(timeZone: unknown): boolean {
  if (typeof timeZone !== "string" || timeZone.trim() === "") return false
  try {
    formatterFor(timeZone)
    return true
  } catch {
    return false
  }
}

/** Whether `now` is inside the quiet window and, if so, when it ends. */
export function quietHoursState(now: Date, window: QuietHours): QuietHoursState {
  if (!(now instanceof Date) || Number.isNaN(now.getTime()))
    throw new RangeError("quietHoursState: `now` is not a valid date")
  if (!isValidTimeZone(window.timeZone)) throw new RangeError(`Unknown time zone "${window.timeZone}"`)
  const start = parseTimeOfDay(window.start)
  const end = parseTimeOfDay(window.end)
  if (start === end) return { inside: false, opensAt: null }

  const local = wallClock(now, window.timeZone)
  const minutes = local.hour * 60 + local.minute
  const spansMidnight = start > end
  const inside = spansMidnight ? minutes >= start || minutes < end : minutes >= start && minutes < end
  if (!inside) return { inside: false, opensAt: null }

  const endsTomorrow = spansMidnight && minutes >= start
  let date = endsTomorrow ? addDays(local, 1) : local
  for (let attempt = 0; attempt < 3; attempt++) {
    const next = instantsOfWallTime(
      { ...date, hour: Math.floor(end / 60), minute: end % 60, second: 0 },
      window.timeZone
    ).find((instant) => instant.getTime() > now.getTime())
    if (next) return { inside: true, opensAt: next }
    date = addDays(date, 1)
  }
  throw new Error(`Could not find the end of the quiet window in ${window.timeZone}`)
}

/** The first instant at or after `from` when the quiet window begins; null when it never does (start = end). */
export function nextQuietStart(from: Date, window: QuietHours): Date | null {
  if (!(from instanceof Date) || Number.isNaN(from.getTime()))
    throw new RangeError("nextQuietStart: `from` is not a valid date")
  if (!isValidTimeZone(window.timeZone)) throw new RangeError(`Unknown time zone "${window.timeZone}"`)
  const start = parseTimeOfDay(window.start)
  if (start === parseTimeOfDay(window.end)) return null
  const local = wallClock(from, window.timeZone)
  for (let day = 0; day < 4; day++) {
    const date = day === 0 ? local : addDays(local, day)
    const next = instantsOfWallTime(
      { ...date, hour: Math.floor(start / 60), minute: start % 60, second: 0 },
      window.timeZone
    ).find((instant) => instant.getTime() >= from.getTime())
    if (next) return next
  }
  throw new Error(`Could not find the start of the quiet window in ${window.timeZone}`)
}

/** Parses "HH:MM" (24 h) into minutes after midnight. */
export function parseTimeOfDay(value: string): number {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(typeof value === "string" ? value.trim() : "")
  if (!match) throw new RangeError(`Invalid time "${value}": expected HH:MM between 00:00 and 23:59`)
  return Number(match[1]) * 60 + Number(match[2])
}

/**
 * Wall clocks by zone and UTC minute. A campaign's slots are milliseconds apart, so
 * its 100,000 rows fall in a few minutes: one Intl call per minute instead of per row
 * (formatToParts was ~9 µs a row, 7 % of the enqueue's CPU). Only zones whose offset is
 * whole minutes at that instant are cached: there every instant of a UTC minute has
 * the same local minute, and its second is the UTC second.
 */
const minuteClocks = new Map<string, WallClock>()
const MINUTE_CLOCKS = 256

/** The wall-clock date and time of an instant in a time zone. */
export function wallClock(instant: Date | number, timeZone: string): WallClock {
  const ms = typeof instant === "number" ? instant : instant.getTime()
  if (!Number.isFinite(ms)) return formatWallClock(instant, timeZone)
  const second = Math.floor(ms / 1000) - Math.floor(ms / 60_000) * 60
  const key = `${timeZone}\u0000${Math.floor(ms / 60_000)}`
  const cached = minuteClocks.get(key)
  if (cached) return { ...cached, second }
  const local = formatWallClock(ms, timeZone)
  if (local.second === second) {
    if (minuteClocks.size >= MINUTE_CLOCKS) minuteClocks.delete(minuteClocks.keys().next().value as string)
    minuteClocks.set(key, { ...local })
  }
  return local
}

function formatWallClock(instant: Date | number, timeZone: string): WallClock {
  const parts = formatterFor(timeZone).formatToParts(instant)
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value)
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour") % 24,
    minute: get("minute"),
    second: get("second"),
  }
}

/**
 * Every instant whose wall clock in `timeZone` reads `local` (seconds included),
 * earliest first: one normally, two when clocks go back, and — when the time
 * is skipped by clocks going forward — the single instant of the jump.
 */
export function instantsOfWallTime(local: WallClock, timeZone: string): Date[] {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second)
  const offsets = new Set([
    offsetAt(asUtc - DAY_MS, timeZone),
    offsetAt(asUtc, timeZone),
    offsetAt(asUtc + DAY_MS, timeZone),
  ])
  const matches = [...offsets]
    .map((offset) => asUtc - offset)
    .filter((instant) => offsetAt(instant, timeZone) === asUtc - instant)
    .sort((a, b) => a - b)
  if (matches.length > 0) return [...new Set(matches)].map((instant) => new Date(instant))
  return [new Date(skippedTimeTransition(asUtc, [...offsets], timeZone))]
}

/** Offset of the zone from UTC at an instant, in milliseconds (wall clock minus UTC). */
export function offsetAt(instant: number, timeZone: string): number {
  const local = wallClock(instant, timeZone)
  const whole = Math.floor(instant / 1000) * 1000
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second) - whole
}

/** For a wall time inside a spring-forward gap: the first instant whose wall clock is at or past it. */
function skippedTimeTransition(asUtc: number, offsets: number[], timeZone: string): number {
  let low = asUtc - Math.max(...offsets)
  let high = asUtc - Math.min(...offsets)
  const reached = (instant: number) => instant + offsetAt(instant, timeZone) >= asUtc
  while (high - low > 1000) {
    const middle = Math.floor((low + high) / 2000) * 1000
    if (middle <= low || middle >= high) break
    if (reached(middle)) high = middle
    else low = middle
  }
  return high
}

function addDays(date: Pick<WallClock, "year" | "month" | "day">, days: number): WallClock {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days))
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: 0,
    minute: 0,
    second: 0,
  }
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/**
 * When a message due at `at` may go out: `at` itself, or the end of the quiet window
 * when `at` falls inside it (a retry waits for the morning like a first attempt).
 * No window (critical messages, no quiet hours): `at`.
 */
export function deferPastQuietHours(at: Date, window: QuietHours | null | undefined): Date {
  if (!window || !isValidTimeZone(window.timeZone)) return at
  const state = quietHoursState(at, window)
  return state.inside && state.opensAt ? state.opensAt : at
}

/** The quiet window a message carries in its metadata (`quiet_hours`, written when it was queued); null if none. */
export function quietHoursFromMetadata(metadata: unknown): QuietHours | null {
  const q = (metadata as { quiet_hours?: Partial<QuietHours> } | null)?.quiet_hours
  if (!q || typeof q.timeZone !== "string" || typeof q.start !== "string" || typeof q.end !== "string") return null
  return { timeZone: q.timeZone, start: q.start, end: q.end }
}
