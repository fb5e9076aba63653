/**
 * What happens to a message whose request may have reached a provider that cannot be
 * asked by reference (TurboSMS, Twilio, Telegram, SMTP) — a request that outlived its
 * deadline, a worker killed mid-request. Per account, `config.unknown_outcome`:
 *   hold    (default) status `unknown`: not sent again until an admin says so
 *   resend  sent again (possibly through another account): the recipient may get it twice
 */
export const UNKNOWN_OUTCOMES = ["hold", "resend"] as const
export type UnknownOutcome = (typeof UNKNOWN_OUTCOMES)[number]

/** The account's choice; a missing/disabled account or an unknown value holds. */
export function unknownOutcomeOf(
  account: { config?: Record<string, unknown> | null } | null | undefined
): UnknownOutcome {
  return account?.config?.unknown_outcome === "resend" ? "resend" : "hold"
}

/**
 * How many request deadlines must fit in `stuck_after_ms` (the claim's lease): the lease
 * is renewed every quarter of its length and a request only starts with a deadline plus
 * a quarter lease still ahead, which holds for any deadline up to a third of the lease.
 */
export const LEASE_TO_DEADLINE_RATIO = 3

/** The longest request deadline a lease of `stuckAfterMs` allows. */
export function maxDeadlineMs(stuckAfterMs: number): number {
  return Math.floor(stuckAfterMs / LEASE_TO_DEADLINE_RATIO)
}
