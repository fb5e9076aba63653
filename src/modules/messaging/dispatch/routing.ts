/**
 * Where a message goes and what the provider gets: the accounts that may carry it (in
 * priority order, healthy first, back to its owner when only the owner can say whether it
 * already has it) and the outbound form (Omni degraded to Viber + our own SMS fallback, or
 * SMS, where the account has no native Omni).
 */
import { PROVIDER_CAPABILITIES, type ProbingProvider } from "../providers"
import type { OutboundMessage } from "../providers/types"
import type { AccountRow } from "../repositories/accounts"
import type { MessageRow } from "../repositories/messages"
import type { Channel } from "../types"

/** May this account carry `ch` (its type supports it and the account is not restricted away from it)? */
function allows(account: AccountRow, ch: Channel): boolean {
  return (
    PROVIDER_CAPABILITIES[account.type].channels.includes(ch) &&
    (!account.channels?.length || account.channels.includes(ch))
  )
}

/** Channels an account can carry for a message of `channel` (Omni degrades to Viber + own fallback, or SMS). */
function canCarry(account: AccountRow, channel: Channel): boolean {
  if (channel === "omni") return allows(account, "omni") || allows(account, "viber") || allows(account, "sms")
  return allows(account, channel)
}

/**
 * Accounts that may carry the message, healthy ones first, in priority order. A message
 * that may already be at a provider goes back to that account (healthy or not): only it
 * can say whether it has the message, and sending elsewhere could deliver it twice.
 */
export function routeMessage(message: MessageRow, accounts: AccountRow[]): AccountRow[] {
  if (message.maybe_accepted && message.provider_account_id) {
    // Only a provider that can be asked by reference is worth waiting for; for the others
    // (TurboSMS, Twilio, Telegram, SMTP) the account's unknown_outcome decided before this.
    const owner = accounts.find((a) => a.id === message.provider_account_id)
    if (owner && PROVIDER_CAPABILITIES[owner.type].lookupByReference) return [owner]
  }
  const excluded = new Set<string>(
    ((message.metadata as Record<string, unknown> | null)?.excluded_accounts as string[]) ?? []
  )
  const candidates = accounts.filter((a) => canCarry(a, message.channel) && !excluded.has(a.id))
  const healthy = candidates.filter((a) => a.health_status === "healthy")
  return healthy.length ? healthy : candidates
}

/** The message as the adapter gets it; an Omni fallback time goes into `fallbackAt`. */
export function toOutbound(
  m: MessageRow,
  account: AccountRow,
  adapter: ProbingProvider,
  fallbackAt: Map<string, Date>,
  now: Date,
  publicUrl: string | null
): OutboundMessage {
  const meta = (m.metadata as Record<string, unknown> | null) ?? {}
  let channel: Channel = m.channel
  let text = m.body
  if (m.channel === "omni" && !(adapter.capabilities.nativeOmni && allows(account, "omni"))) {
    if (allows(account, "viber")) {
      // Our own fallback: Viber now, SMS later if no delivery report arrives in time.
      channel = "viber"
      const seconds = Number(meta.omni_fallback_seconds) || 600
      fallbackAt.set(m.id, new Date(now.getTime() + seconds * 1000))
    } else {
      channel = "sms"
      text = (meta.sms_text as string) ?? m.body
    }
  }
  const cfg = (account.config ?? {}) as Record<string, unknown>
  return {
    id: m.id,
    channel,
    to: m.recipient,
    text,
    sender: m.sender ?? null,
    fallback_text: channel === "omni" ? ((meta.sms_text as string) ?? m.body) : null,
    fallback_sender: channel === "omni" ? ((cfg.sender as string) ?? null) : null,
    subject: m.subject,
    html: null,
    callback_url:
      publicUrl && adapter.capabilities.webhooks
        ? `${publicUrl.replace(/\/$/, "")}/hooks/messaging/${account.id}`
        : null,
  }
}
