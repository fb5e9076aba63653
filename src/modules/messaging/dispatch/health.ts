/**
 * Health of a provider account, as a pure state machine. Drives failover and the
 * outage/recovery alert e-mails:
 *
 *   healthy ──(threshold consecutive failures, or one account-level failure)──▶ unhealthy
 *      ▲                                                                          │
 *      └──────────────────────(a success: send or probe)─────────────────────────┘
 *
 * `transition` is "went_down" exactly once per outage (→ one outage e-mail) and
 * "recovered" exactly once when an alerted outage ends (→ one recovered e-mail).
 */
import type { SendResult } from "../providers/types"

export interface HealthState {
  status: "healthy" | "unhealthy"
  consecutive_failures: number
  /** First failure of the current streak (healthy) / when the outage began (unhealthy). */
  failing_since: Date | null
  down_since: Date | null
  last_error: string | null
  last_success_at: Date | null
  last_failure_at: Date | null
  /** An outage alert was sent for the current outage. */
  alerted_down: boolean
}

export type HealthTransition = null | "went_down" | "recovered"

export interface HealthUpdate {
  state: HealthState
  transition: HealthTransition
}

export interface FailureOptions {
  /** Consecutive failures that take the account down. */
  threshold?: number
  /** Take the account down at once (auth, insufficient funds). */
  immediate?: boolean
}

export const DEFAULT_FAILURE_THRESHOLD = 3

export function initialHealth(): HealthState {
  return {
    status: "healthy",
    consecutive_failures: 0,
    failing_since: null,
    down_since: null,
    last_error: null,
    last_success_at: null,
    last_failure_at: null,
    alerted_down: false,
  }
}

export function recordSuccess(state: HealthState, now: Date): HealthUpdate {
  const transition: HealthTransition = state.alerted_down ? "recovered" : null
  return {
    state: {
      ...state,
      status: "healthy",
      consecutive_failures: 0,
      failing_since: null,
      down_since: null,
      last_success_at: now,
      alerted_down: false,
    },
    transition,
  }
}

export function recordFailure(state: HealthState, error: string, now: Date, opts: FailureOptions = {}): HealthUpdate {
  const threshold = Math.max(1, opts.threshold ?? DEFAULT_FAILURE_THRESHOLD)
  const failures = state.consecutive_failures + 1
  const failingSince = state.failing_since ?? now
  const down = state.status === "unhealthy" || opts.immediate === true || failures >= threshold
  const next: HealthState = {
    ...state,
    consecutive_failures: failures,
    failing_since: failingSince,
    last_error: error,
    last_failure_at: now,
    status: down ? "unhealthy" : "healthy",
    down_since: down ? (state.down_since ?? failingSince) : null,
  }
  if (down && !state.alerted_down) {
    next.alerted_down = true
    return { state: next, transition: "went_down" }
  }
  return { state: next, transition: null }
}

/** A health probe (balance, getMe, verify…) result. */
export function recordProbe(
  state: HealthState,
  ok: boolean,
  now: Date,
  error = "health probe failed",
  opts: FailureOptions = {}
): HealthUpdate {
  return ok ? recordSuccess(state, now) : recordFailure(state, error, now, opts)
}

/**
 * Does this send result say something about the account's health?
 * "success" for accepted, "failure" for temporary or account-level problems,
 * null for per-message problems (bad number, opt-out, bad sender…).
 */
export function healthSignal(result: SendResult): "success" | "failure" | null {
  if (result.outcome === "accepted") return "success"
  if (result.account_level) return "failure"
  // Stopped by our own claim running out (the database, not the provider): says nothing about the account.
  if (result.code === "not_sent" || result.code === "aborted") return null
  if (
    result.kind === "unavailable" ||
    result.kind === "rate_limited" ||
    result.kind === "auth" ||
    result.kind === "insufficient_funds"
  )
    return "failure"
  return null
}

/** Record a send result on the health state (account-level failures take it down at once). */
export function recordSendResult(
  state: HealthState,
  result: SendResult,
  now: Date,
  opts: FailureOptions = {}
): HealthUpdate {
  const signal = healthSignal(result)
  if (signal === "success") return recordSuccess(state, now)
  if (signal === null || result.outcome === "accepted") return { state, transition: null }
  const accountLevel = result.account_level === true || result.kind === "auth" || result.kind === "insufficient_funds"
  return recordFailure(state, `${result.kind}: ${result.reason}`, now, {
    ...opts,
    immediate: accountLevel || opts.immediate,
  })
}

/**
 * Should this message move to the next account?
 *  - account-level (auth, insufficient funds): yes, at once
 *  - temporary (unavailable, rate limited): yes once the account is unhealthy or has
 *    failed `threshold` times in a row
 *  - per-message (invalid number, opt-out, bad sender, bad request, duplicate): no —
 *    another account would fail or double-send the same way
 */
export function shouldFailover(
  result: SendResult,
  health?: Pick<HealthState, "status" | "consecutive_failures"> | null,
  opts: { threshold?: number } = {}
): boolean {
  if (result.outcome === "accepted") return false
  if (result.account_level || result.kind === "auth" || result.kind === "insufficient_funds") return true
  if (result.kind === "unavailable" || result.kind === "rate_limited") {
    // a send that may have been accepted must be resolved on the same account first
    if (result.outcome === "retry" && result.maybe_accepted) return false
    const threshold = Math.max(1, opts.threshold ?? DEFAULT_FAILURE_THRESHOLD)
    return !!health && (health.status === "unhealthy" || health.consecutive_failures >= threshold)
  }
  return false
}

/**
 * One alert per crossing of the low-balance threshold: "below" when the balance drops
 * under it (or the first known balance is already under it), "above" when it gets
 * back to or over it, null otherwise or without a threshold.
 */
export function lowBalanceCrossing(
  prevAmount: number | null | undefined,
  newAmount: number,
  threshold: number | null | undefined
): "below" | "above" | null {
  if (threshold === null || threshold === undefined || !Number.isFinite(threshold) || !Number.isFinite(newAmount))
    return null
  const wasBelow =
    prevAmount !== null && prevAmount !== undefined && Number.isFinite(prevAmount) ? prevAmount < threshold : false
  const isBelow = newAmount < threshold
  if (isBelow && !wasBelow) return "below"
  if (!isBelow && wasBelow) return "above"
  return null
}
