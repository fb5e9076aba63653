/**
 * Retry timing for messages a provider answered with `outcome: "retry"`.
 *
 * Exponential: base · 2^(attempt−1), capped at maxMs, with jitter so that a burst of
 * failed messages does not come back as a burst:
 *   full          uniform in [minMs, exp]                       (default)
 *   equal         exp/2 + uniform in [0, exp/2]
 *   decorrelated  uniform in [base, previous · 3], capped        (needs previousDelayMs)
 *   none          exp
 * A provider's own retry_after always wins when it asks for longer.
 */
import type { FailureKind, SendResult } from "../providers/types"

export type JitterMode = "none" | "full" | "equal" | "decorrelated"

export interface BackoffOptions {
  baseMs?: number
  maxMs?: number
  /** Lower bound for jittered delays (full jitter could otherwise give ~0). */
  minMs?: number
  jitter?: JitterMode
  /** Decorrelated jitter: the delay used before this one (defaults to baseMs). */
  previousDelayMs?: number | null
  /** Random source in [0, 1); inject for tests. */
  random?: () => number
}

export const DEFAULT_BASE_MS = 30_000
export const DEFAULT_MAX_MS = 3_600_000

/** Delay before retry number `attempt` (1 = the first retry after the first failure). */
export function nextRetryDelayMs(attempt: number, opts: BackoffOptions = {}): number {
  const base = opts.baseMs ?? DEFAULT_BASE_MS
  const max = Math.max(opts.maxMs ?? DEFAULT_MAX_MS, 0)
  const min = Math.min(opts.minMs ?? Math.min(1000, base), max)
  const random = opts.random ?? Math.random
  if (!(base > 0)) throw new RangeError("baseMs must be > 0")
  const n = Math.max(1, Math.floor(Number.isFinite(attempt) ? attempt : 1))
  // 2^(n-1) overflows to Infinity for huge n; the cap handles it
  const exp = Math.min(max, base * Math.pow(2, n - 1))
  const r = clamp01(random())
  switch (opts.jitter ?? "full") {
    case "none":
      return Math.round(exp)
    case "equal":
      return Math.round(Math.max(min, exp / 2 + r * (exp / 2)))
    case "decorrelated": {
      const prev = Math.max(base, opts.previousDelayMs ?? base)
      const upper = Math.min(max, prev * 3)
      const lower = Math.min(base, upper)
      return Math.round(Math.max(min, lower + r * (upper - lower)))
    }
    case "full":
    default:
      return Math.round(min + r * Math.max(0, exp - min))
  }
}

function clamp01(v: number): number {
  if (!Number.isFinite(v) || v < 0) return 0
  return v >= 1 ? 0.999999999 : v
}

const TEMPORARY_KINDS: ReadonlySet<FailureKind> = new Set<FailureKind>(["unavailable", "rate_limited", "throttled"])

/** Should this message be tried again later? */
export function isRetryable(result: SendResult): boolean {
  if (result.outcome === "retry") return true
  if (result.outcome === "rejected") return TEMPORARY_KINDS.has(result.kind) && !result.account_level
  return false
}

/** The delay for a retry result: backoff, or the provider's retry_after when longer. */
export function retryDelayForResult(result: SendResult, attempt: number, opts: BackoffOptions = {}): number {
  const backoff = nextRetryDelayMs(attempt, opts)
  const asked = result.outcome === "retry" && result.retry_after_ms ? result.retry_after_ms : 0
  return Math.max(backoff, asked)
}
