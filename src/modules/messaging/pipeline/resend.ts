/**
 * "Resend": a new copy of a finished message, through the same checks as any message
 * (opt-outs, quiet hours) unless the admin explicitly overrides them. Pure: the caller
 * loads the site and the recipient's opt-outs.
 */
import type { MessageRow, NewMessage } from "../repositories/messages"
import { PHONE_CHANNELS, isMarketing, optOutReason, optedOutOf, quietUntil } from "./prepare"
import type { SiteSettings } from "./site"
import { RESENDABLE_STATUSES } from "../types"

export interface ResendInput {
  original: MessageRow
  site: SiteSettings
  /** The channels the recipient opted out of (empty: none). */
  optedOut: ReadonlySet<string>
  /** The admin chose to override opt-outs and quiet hours for this copy. */
  override: boolean
  /** The admin user (recorded on the copy). */
  by: string | null
  now: Date
}

export type ResendPlan =
  { ok: true; copy: NewMessage; override_note: string | null } | { ok: false; id: string; code: string; reason: string }

export function planResend(input: ResendInput): ResendPlan {
  const { original: m, site, now } = input
  const refuse = (code: string, reason: string): ResendPlan => ({ ok: false, id: m.id, code, reason })
  if (m.direction !== "outbound" || !(RESENDABLE_STATUSES as readonly string[]).includes(m.status)) {
    return refuse("not_resendable", `a ${m.status} message cannot be resent`)
  }
  if ((m.metadata as Record<string, unknown> | null)?.text_removed_at)
    return refuse("text_removed", "its text was removed (retention or a deleted customer)")

  const marketing = isMarketing(m)
  const optedOut =
    PHONE_CHANNELS.includes(m.channel) &&
    optedOutOf(input.optedOut, m.channel) &&
    (marketing || !site.transactional_ignores_opt_out)
  if (optedOut && !input.override) return refuse("opted_out", optOutReason(m.recipient, m.channel))

  const critical = input.override || m.critical
  const heldUntil = quietUntil(site, { critical, marketing }, now)
  const metadata: Record<string, unknown> = {
    ...(m.metadata ?? {}),
    excluded_accounts: [],
    resent_from: m.id,
    created_by: input.by,
  }
  // The copy is not part of the campaign (its progress stays as it was) but stays marketing.
  if (marketing) metadata.marketing = true
  let overrideNote: string | null = null
  if (input.override) {
    metadata.consent_override = { by: input.by, at: now.toISOString(), opted_out: optedOut }
    overrideNote = `resent by ${input.by ?? "an admin"} overriding ${optedOut ? `the opt-out (${optOutReason(m.recipient, m.channel)}) and ` : ""}quiet hours`
  }
  const copy: NewMessage = {
    channel: m.channel,
    recipient: m.recipient,
    audience: m.audience,
    subject: m.subject,
    body: m.body,
    sender: m.sender,
    encoding: m.encoding,
    segments: m.segments,
    sales_channel_id: m.sales_channel_id,
    event_name: m.event_name,
    template_code: m.template_code,
    order_id: m.order_id,
    customer_id: m.customer_id,
    resource_type: m.resource_type,
    resource_id: m.resource_id,
    critical,
    parent_id: m.id,
    metadata,
    ...(heldUntil
      ? { status: "deferred" as const, next_attempt_at: heldUntil }
      : { status: "queued" as const, next_attempt_at: now }),
  }
  return { ok: true, copy, override_note: overrideNote }
}
