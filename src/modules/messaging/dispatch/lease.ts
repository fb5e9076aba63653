/**
 * The lease on one round's claim. A claim is owned (worker id + `lease_expires_at`, set by
 * the database clock when the rows are claimed) and only an expired lease is recovered by
 * another worker. While the round holds rows — waiting for the rate limit, a provider
 * request in flight, results not yet written — the lease is renewed every quarter of its
 * length, so a live round is never mistaken for a dead worker.
 *
 * The round also knows a safe lower bound of when its lease runs out: the local time just
 * before the claim/renewal statement went out plus the lease length (the database set
 * `now() + lease` later than that, and recovery compares with the same database clock, so
 * no clock skew between workers matters). When renewals fail (the database is gone) and
 * that bound comes within a quarter lease, `signal` aborts: no new request starts and the
 * requests in flight stop waiting, before anyone else may take the rows over.
 */
import { performance } from "node:perf_hooks"

export interface LeaseDeps {
  leaseMs: number
  /** Extend the lease of these rows; returns the ids this worker still holds. */
  renew: (ids: string[]) => Promise<string[]>
  /** A renewal failed (logged once per lease). */
  onRenewFailed?: (error: Error) => void
  /** Clock for tests (milliseconds, monotonic). */
  now?: () => number
}

export class ClaimLease {
  private readonly held_ = new Set<string>()
  private knownUntil_ = 0
  private readonly controller_ = new AbortController()
  private renewTimer_: NodeJS.Timeout | null = null
  private abortTimer_: NodeJS.Timeout | null = null
  private renewing_: Promise<void> | null = null
  private stopped_ = false
  private warned_ = false

  constructor(private readonly deps: LeaseDeps) {}

  private now(): number {
    return this.deps.now?.() ?? performance.now()
  }

  /** A quarter of the lease: renewal interval and the margin kept before it runs out. */
  get guardMs(): number {
    return Math.max(1, Math.floor(this.deps.leaseMs / 4))
  }

  /** Call right before the claim statement; pass the result to `hold`. */
  mark(): number {
    return this.now()
  }

  /** The claim statement returned these rows (claimed at local time `since`). */
  hold(ids: string[], since: number): void {
    for (const id of ids) this.held_.add(id)
    this.knownUntil_ = since + this.deps.leaseMs
    if (!this.held_.size) return
    this.armAbort()
    this.scheduleRenewal()
  }

  /** Results written: these rows are no longer ours to keep alive. */
  release(ids: Iterable<string>): void {
    for (const id of ids) this.held_.delete(id)
    if (!this.held_.size) this.clearTimers()
  }

  get held(): ReadonlySet<string> {
    return this.held_
  }

  /** Aborted when the lease may run out before the next renewal. */
  get signal(): AbortSignal {
    return this.controller_.signal
  }

  /** Milliseconds the lease is certainly still ours. */
  remainingMs(): number {
    return this.knownUntil_ - this.now()
  }

  /** May a request that can take up to `deadlineMs` start now, and end before the lease is at risk? */
  canStart(deadlineMs: number): boolean {
    return !this.signal.aborted && this.remainingMs() >= deadlineMs + this.guardMs
  }

  /** The round is over: stop renewing (rows still held expire and are recovered). */
  stop(): void {
    this.stopped_ = true
    this.clearTimers()
  }

  /** Renew now (also used by tests); resolves when the renewal is written or failed. */
  async renewNow(): Promise<void> {
    if (this.renewing_) return this.renewing_
    this.renewing_ = this.renew_().finally(() => {
      this.renewing_ = null
    })
    return this.renewing_
  }

  private async renew_(): Promise<void> {
    if (!this.held_.size || this.signal.aborted) return
    const since = this.now()
    const ids = [...this.held_]
    try {
      const still = new Set(await this.deps.renew(ids))
      // Rows we no longer hold (recovered by someone else after a long outage): not ours.
      for (const id of ids) if (!still.has(id)) this.held_.delete(id)
      if (!this.signal.aborted) {
        this.knownUntil_ = since + this.deps.leaseMs
        this.armAbort()
      }
    } catch (e) {
      if (!this.warned_) {
        this.warned_ = true
        this.deps.onRenewFailed?.(e as Error)
      }
    }
  }

  private scheduleRenewal(): void {
    if (this.stopped_ || this.renewTimer_ || !this.held_.size) return
    this.renewTimer_ = setTimeout(async () => {
      this.renewTimer_ = null
      await this.renewNow()
      this.scheduleRenewal()
    }, this.guardMs)
    this.renewTimer_.unref?.()
  }

  private armAbort(): void {
    if (this.abortTimer_) clearTimeout(this.abortTimer_)
    if (this.stopped_ || !this.held_.size) return
    const ms = this.remainingMs() - this.guardMs
    if (ms <= 0) {
      this.controller_.abort(new Error("the claim's lease is running out"))
      return
    }
    this.abortTimer_ = setTimeout(() => this.controller_.abort(new Error("the claim's lease is running out")), ms)
    this.abortTimer_.unref?.()
  }

  private clearTimers(): void {
    if (this.renewTimer_) clearTimeout(this.renewTimer_)
    if (this.abortTimer_) clearTimeout(this.abortTimer_)
    this.renewTimer_ = null
    this.abortTimer_ = null
  }
}
