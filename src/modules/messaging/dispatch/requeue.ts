/**
 * The dispatcher's retry policy: how a message goes back to the queue (retry with backoff,
 * give up after `maxAttempts`, wait for a lookup by reference, or hold an unknown outcome).
 * Pure: the time comes in, the row update goes out.
 */
import type { RequeueUpdate } from "../repositories/message-results"
import type { MessageRow } from "../repositories/messages"
import { deferPastQuietHours, quietHoursFromMetadata } from "../schedule/quiet-hours"
import { nextRetryDelayMs } from "./backoff"
import type { Requeuer } from "./outcomes"

/** The settings the retry policy reads (a part of DispatcherSettings). */
export interface RetrySettings {
  maxAttempts: number
  retryBaseMs: number
  maxRetryDelayMs: number
}

export function retryOrFail(
  m: MessageRow,
  error: string,
  code: string | null,
  s: RetrySettings,
  now: Date,
  delayMs?: number,
  maybeAccepted = false
): RequeueUpdate {
  if (m.attempts >= s.maxAttempts) {
    return {
      id: m.id,
      status: "failed",
      next_attempt_at: null,
      error: `${error} (gave up after ${m.attempts} attempts)`,
      error_code: code,
      claimed_at: m.claimed_at,
    }
  }
  const delay =
    delayMs ?? nextRetryDelayMs(m.attempts, { baseMs: s.retryBaseMs, maxMs: s.maxRetryDelayMs, jitter: "equal" })
  return {
    id: m.id,
    status: "queued",
    // a retry due in the night waits for the morning like a first attempt (critical rows carry no window)
    next_attempt_at: deferPastQuietHours(
      new Date(now.getTime() + delay),
      m.critical ? null : quietHoursFromMetadata(m.metadata)
    ),
    error,
    error_code: code,
    maybe_accepted: maybeAccepted,
    claimed_at: m.claimed_at,
  }
}

/**
 * The provider may have the message but cannot say so now: wait for it (the attempt is
 * not counted, the message stays with that account) rather than risk a second SMS.
 */
export function waitForLookup(m: MessageRow, error: string, s: RetrySettings, now: Date): RequeueUpdate {
  const delay = nextRetryDelayMs(Math.max(1, m.attempts), {
    baseMs: s.retryBaseMs,
    maxMs: s.maxRetryDelayMs,
    jitter: "equal",
  })
  return {
    id: m.id,
    status: "queued",
    next_attempt_at: new Date(now.getTime() + delay),
    error,
    error_code: "lookup_failed",
    maybe_accepted: true,
    refund_attempt: true,
    claimed_at: m.claimed_at,
  }
}

export function holdUnknown(m: MessageRow, reason: string): RequeueUpdate {
  return {
    id: m.id,
    status: "unknown",
    next_attempt_at: null,
    error: `${reason}; not sent again: ${m.provider_type ?? "the provider"} cannot be asked whether it has it (check there, then "send again" in History)`,
    error_code: "unknown_outcome",
    maybe_accepted: true,
    claimed_at: m.claimed_at,
  }
}

/** The retry policy bound to these settings and clock (what outcomes.ts decides with). */
export function requeuer(s: RetrySettings, now: () => Date): Requeuer {
  return {
    now,
    retryOrFail: (m, error, code, delayMs, maybeAccepted) =>
      retryOrFail(m, error, code, s, now(), delayMs, maybeAccepted),
    waitForLookup: (m, error) => waitForLookup(m, error, s, now()),
    holdUnknown,
  }
}
