/**
 * Loading a site's settings and writing prepared messages: shared by the module service
 * and the Notification Module provider (which only has a database connection).
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { pacedScheduleFor } from "../pipeline/paced-schedule"
import { NO_OPT_OUTS, type OptOutLookup, PHONE_CHANNELS, optedOutOf, prepareMessage } from "../pipeline/prepare"
import { SITE_DEFAULTS, type SiteSettings, phoneOptions } from "../pipeline/site"
import { type NormalizedPhone, normalizePhone } from "../phones/phone-number"
import type { Channel } from "../types"
import { type MessageRow, insertMessages } from "./messages"
import { optOutsFor } from "./reports"

/** The site of a sales channel, or the global settings when it has none (null if not installed yet). */
export async function loadSite(knex: Knex, salesChannelId: string | null | undefined): Promise<SiteSettings | null> {
  const rows = await knex("messaging_site")
    .whereNull("deleted_at")
    .where((q) => {
      q.whereNull("sales_channel_id")
      if (salesChannelId) q.orWhere("sales_channel_id", salesChannelId)
    })
  // A site switched off is still this channel's site (it sends nothing); it never falls back to the global one.
  const own = rows.find((r: any) => r.sales_channel_id && r.sales_channel_id === salesChannelId)
  const row = own ?? rows.find((r: any) => !r.sales_channel_id)
  if (!row) return null
  return {
    sales_channel_id: salesChannelId ?? null,
    name: row.name,
    url: row.url,
    locale: row.locale,
    email_from: row.email_from,
    delivery_mode: row.delivery_mode,
    sms_sender: row.sms_sender,
    viber_sender: row.viber_sender,
    time_zone: row.time_zone,
    quiet_hours_enabled: row.quiet_hours_enabled,
    quiet_hours_start: row.quiet_hours_start,
    quiet_hours_end: row.quiet_hours_end,
    transliterate: row.transliterate,
    admin_phones: row.admin_phones ?? [],
    default_region: row.default_region,
    omni_fallback_seconds: row.omni_fallback_seconds,
    transactional_ignores_opt_out: row.transactional_ignores_opt_out,
    enabled: row.enabled ?? SITE_DEFAULTS.enabled,
    disabled_events: row.disabled_events ?? SITE_DEFAULTS.disabled_events,
    phone_sources: row.phone_sources?.length ? row.phone_sources : SITE_DEFAULTS.phone_sources,
    phone_fallback: row.phone_fallback ?? SITE_DEFAULTS.phone_fallback,
    ua_trunk_prefix: row.ua_trunk_prefix ?? SITE_DEFAULTS.ua_trunk_prefix,
    optout_keywords: row.optout_keywords ?? SITE_DEFAULTS.optout_keywords,
    optin_keywords: row.optin_keywords ?? SITE_DEFAULTS.optin_keywords,
  }
}

export async function loadOptOuts(knex: Knex, rawPhones: string[], site: SiteSettings): Promise<OptOutLookup> {
  return optOutLookup(
    knex,
    rawPhones.map((p) => normalizePhone(p, phoneOptions(site)))
  )
}

/** The opt-outs of already normalized phones (invalid ones are left out). */
async function optOutLookup(knex: Knex, phones: NormalizedPhone[]): Promise<OptOutLookup> {
  const map = await optOutsFor(
    knex,
    phones.flatMap((r) => (r.ok ? [r.e164] : []))
  )
  return {
    isOptedOut: (phone, channel) => {
      const set = map.get(phone)
      return !!set && optedOutOf(set, channel)
    },
  }
}

export interface OutboundInput {
  channel: Channel
  recipients: string[]
  body: string
  subject?: string | null
  sales_channel_id?: string | null
  order_id?: string | null
  customer_id?: string | null
  template_code?: string | null
  event_name?: string | null
  critical?: boolean
  created_by?: string | null
  campaign_id?: string | null
  /** Marketing messages never go to opted-out numbers and never at night. */
  marketing?: boolean
  /**
   * Spread the messages: the i-th goes i / rate_per_second after start, counting only time
   * outside the quiet window (a run that reaches the night goes on at the same pace when it
   * ends). `offset`: slots already used by earlier chunks of the same run.
   */
  schedule?: { start?: Date; rate_per_second?: number; offset?: number } | null
  /** Deduplicate: the same key + recipient + channel is written once. */
  idempotency_prefix?: string | null
  metadata?: Record<string, unknown> | null
}

/** Prepare one row per recipient (like event messages) and write them. */
export async function enqueueOutbound(
  knex: Knex,
  site: SiteSettings,
  input: OutboundInput,
  now = new Date()
): Promise<MessageRow[]> {
  // Each number is normalized once: for the opt-out lookup and for its row.
  const phones = PHONE_CHANNELS.includes(input.channel)
    ? input.recipients.map((r) => normalizePhone(r, phoneOptions(site)))
    : null
  const optOuts = phones ? await optOutLookup(knex, phones) : NO_OPT_OUTS
  const rate = input.schedule?.rate_per_second
  const start = input.schedule?.start ?? now
  const kind = { critical: !!input.critical && !input.marketing, marketing: !!input.marketing }
  const slots = rate ? pacedScheduleFor(site, kind, start, rate).skip(input.schedule?.offset ?? 0) : null
  const rows = input.recipients.map((recipient, i) => {
    const slot = slots?.next()
    const at = slot?.at ?? start
    const row = prepareMessage({
      site,
      channel: input.channel,
      recipient,
      phone: phones?.[i],
      body: input.body,
      subject: input.subject ?? null,
      ...kind,
      optOuts,
      now: at,
      base: {
        audience: "customer",
        event_name: input.event_name ?? (input.campaign_id ? "campaign" : "manual"),
        order_id: input.order_id ?? null,
        customer_id: input.customer_id ?? null,
        template_code: input.template_code ?? null,
        campaign_id: input.campaign_id ?? null,
        metadata: {
          ...(input.metadata ?? {}),
          created_by: input.created_by ?? null,
          ...(input.channel === "omni" ? { omni_fallback_seconds: site.omni_fallback_seconds } : {}),
        },
      },
      idempotency: input.idempotency_prefix
        ? {
            event: input.event_name ?? "manual",
            resource: input.idempotency_prefix,
            template: input.template_code ?? "-",
          }
        : undefined,
    })
    if (slot && row.status === "queued") {
      row.next_attempt_at = slot.at
      if (slot.held) row.status = "deferred"
    }
    return row
  })
  return insertMessages(knex, rows, now)
}
