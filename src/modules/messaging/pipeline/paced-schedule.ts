/**
 * Send times for a paced run (a campaign at N messages per second) that waits out a quiet
 * window: slot i lies i / rate seconds of *open* time after the start, so a run that reaches
 * the night stops there and goes on at the same pace when the window ends, instead of
 * piling the rest up at 08:00. Slot times are a function of the index, so chunks enqueued
 * separately (and a resumed run) line up: `skip(offset)` jumps to a chunk's first slot.
 */
import { nextQuietStart, quietHoursState, type QuietHours } from "../schedule/quiet-hours"
import { quietWindowFor } from "./prepare"
import type { SiteSettings } from "./site"

export interface PacedSlot {
  at: Date
  /** A quiet window pushed this slot later than plain pacing would (the message is `deferred`). */
  held: boolean
}

export class PacedSchedule {
  private t: number
  private closesAt = Infinity
  private held = false

  /**
   * @param window the quiet window to skip, or null to pace around the clock
   * @param start  when slot 0 is due (moved to the window's end when it falls inside)
   * @param ratePerSecond messages per second (> 0)
   */
  constructor(
    private readonly window: QuietHours | null,
    start: Date,
    ratePerSecond: number
  ) {
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond))
      throw new RangeError(`rate must be a positive number, got ${ratePerSecond}`)
    this.step = 1000 / ratePerSecond
    this.t = start.getTime()
    this.settle()
  }

  private readonly step: number

  /** Move past `n` slots without producing them (O(nights crossed)). */
  skip(n: number): this {
    let remaining = Math.max(0, Math.floor(n)) * this.step
    while (this.t + remaining >= this.closesAt) {
      remaining -= this.closesAt - this.t
      this.t = this.closesAt
      this.settle()
    }
    this.t += remaining
    return this
  }

  /** The next slot. */
  next(): PacedSlot {
    const slot = { at: new Date(Math.round(this.t)), held: this.held }
    this.t += this.step
    if (this.t >= this.closesAt) {
      this.t = this.closesAt
      this.settle()
    }
    return slot
  }

  /** If `t` is inside the window, move it to the window's end; then find when the window next begins. */
  private settle() {
    if (!this.window) return
    const quiet = quietHoursState(new Date(this.t), this.window)
    if (quiet.inside && quiet.opensAt) {
      this.t = quiet.opensAt.getTime()
      this.held = true
    }
    this.closesAt = nextQuietStart(new Date(this.t), this.window)?.getTime() ?? Infinity
  }
}

/** The paced schedule of a site's messages of this kind (campaigns: marketing, so never at night). */
export function pacedScheduleFor(
  site: SiteSettings,
  kind: { critical?: boolean; marketing?: boolean },
  start: Date,
  ratePerSecond: number
): PacedSchedule {
  const window = quietWindowFor(site, kind)
  return new PacedSchedule(
    window && { timeZone: site.time_zone, start: window.start, end: window.end },
    start,
    ratePerSecond
  )
}
