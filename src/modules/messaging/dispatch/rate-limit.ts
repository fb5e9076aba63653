/**
 * Token bucket per provider account (requests per second).
 *
 * `take(n)` reserves n tokens and returns how long the caller must wait before using
 * them (0 = go now). Reservations may drive the level below zero, so concurrent
 * callers queue up fairly instead of all waking at the same moment.
 */

export interface TokenBucketOptions {
  /** Largest burst. */
  capacity: number
  /** Tokens added per second. */
  refillPerSecond: number
  /** Clock in ms; inject for tests. */
  now?: () => number
  /** Sleep used by acquire(); inject for tests. */
  sleep?: (ms: number) => Promise<void>
}

export class TokenBucket {
  readonly capacity: number
  readonly refillPerSecond: number
  private level: number
  private updatedAt: number
  private readonly now: () => number
  private readonly sleep: (ms: number) => Promise<void>

  constructor(opts: TokenBucketOptions) {
    if (!(opts.capacity > 0)) throw new RangeError("TokenBucket capacity must be > 0")
    if (!(opts.refillPerSecond > 0)) throw new RangeError("TokenBucket refillPerSecond must be > 0")
    this.capacity = opts.capacity
    this.refillPerSecond = opts.refillPerSecond
    this.now = opts.now ?? Date.now
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)))
    this.level = opts.capacity
    this.updatedAt = this.now()
  }

  private refill(): void {
    const t = this.now()
    const elapsed = Math.max(0, t - this.updatedAt)
    this.level = Math.min(this.capacity, this.level + (elapsed * this.refillPerSecond) / 1000)
    this.updatedAt = t
  }

  /** Tokens available now (negative while reservations are outstanding). */
  available(): number {
    this.refill()
    return this.level
  }

  /** Reserve n tokens; returns ms to wait before using them. */
  take(n = 1): number {
    if (!(n > 0)) return 0
    if (n > this.capacity) throw new RangeError(`cannot take ${n} tokens from a bucket of ${this.capacity}`)
    this.refill()
    this.level -= n
    if (this.level >= 0) return 0
    return Math.ceil((-this.level * 1000) / this.refillPerSecond)
  }

  /** Take n tokens only if available right now. */
  tryTake(n = 1): boolean {
    this.refill()
    if (this.level < n) return false
    this.level -= n
    return true
  }

  /** Reserve n tokens and wait until they are usable. */
  async acquire(n = 1): Promise<void> {
    const wait = this.take(n)
    if (wait > 0) await this.sleep(wait)
  }
}

/**
 * At most `limit` holders at once (requests in flight per provider account in this
 * process, shared by every dispatch round running here). Waiters are served in order.
 */
export class Semaphore {
  private active = 0
  private readonly waiting: (() => void)[] = []

  constructor(private limit: number) {
    if (!(limit >= 1)) throw new RangeError("Semaphore limit must be >= 1")
  }

  /** Change the limit (an admin edited the account); waiters are let in as room appears. */
  resize(limit: number): void {
    if (!(limit >= 1)) throw new RangeError("Semaphore limit must be >= 1")
    this.limit = limit
    this.wake()
  }

  get inUse(): number {
    return this.active
  }

  async acquire(): Promise<void> {
    if (this.active < this.limit && !this.waiting.length) {
      this.active++
      return
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve))
  }

  release(): void {
    this.active--
    this.wake()
  }

  /** Run fn holding one slot. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire()
    try {
      return await fn()
    } finally {
      this.release()
    }
  }

  private wake(): void {
    while (this.active < this.limit && this.waiting.length) {
      this.active++
      this.waiting.shift()!()
    }
  }
}
