/**
 * Consent is checked when a message leaves, not only when it is queued: a number that
 * opted out after its message was queued or held for quiet hours does not get it.
 * One query per claimed batch (repositories/consent.ts); the decision itself is pure.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { PHONE_CHANNELS, isMarketing, optOutReason, optedOutOf } from "../pipeline/prepare"
import { type ClaimedOptOut, type SkipUpdate, markSkippedAtClaim, optOutsOfClaimed } from "../repositories/consent"
import type { MessageRow } from "../repositories/messages"

/** Set on a resent copy whose admin chose to override opt-outs and quiet hours (who and when). */
export const CONSENT_OVERRIDE_KEY = "consent_override"

export function hasConsentOverride(m: Pick<MessageRow, "metadata">): boolean {
  return !!(m.metadata as Record<string, unknown> | null)?.[CONSENT_OVERRIDE_KEY]
}

/**
 * Why a claimed message may not go out now that its recipient's opt-outs are known, or
 * null when it may. The same rule as at enqueue (prepareMessage): marketing never goes to
 * an opted-out number; transactional does only where the site allows it.
 */
export function consentVerdict(m: MessageRow, optOut: ClaimedOptOut | undefined): SkipUpdate | null {
  if (!optOut || !PHONE_CHANNELS.includes(m.channel) || hasConsentOverride(m)) return null
  if (!isMarketing(m) && optOut.transactional_ignores_opt_out) return null
  if (!optedOutOf(new Set(optOut.channels), m.channel)) return null
  const error =
    optOutReason(m.recipient, m.channel) +
    (m.maybe_accepted ? " (an earlier attempt may have reached the provider)" : "")
  return { id: m.id, error, error_code: "opted_out", claimed_at: m.claimed_at }
}

/**
 * Skip the claimed messages whose recipient opted out since they were queued (status
 * `skipped`, reason on the timeline) and return the ones that may be sent.
 */
export async function withoutOptedOut(knex: Knex, claimed: MessageRow[], now = new Date()): Promise<MessageRow[]> {
  const phones = claimed.filter((m) => PHONE_CHANNELS.includes(m.channel) && !hasConsentOverride(m))
  if (!phones.length) return claimed
  const optOuts = new Map((await optOutsOfClaimed(knex, phones)).map((o) => [o.id, o]))
  if (!optOuts.size) return claimed
  const skips = phones.map((m) => consentVerdict(m, optOuts.get(m.id))).filter((v): v is SkipUpdate => !!v)
  if (!skips.length) return claimed
  const skipped = new Set(await markSkippedAtClaim(knex, skips, "dispatcher", now))
  return claimed.filter((m) => !skipped.has(m.id))
}
