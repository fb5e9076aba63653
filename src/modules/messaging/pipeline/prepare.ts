/**
 * Turn "send this text to this recipient" into an outbox row: normalize the phone,
 * check opt-outs, transliterate, count segments, hold it for quiet hours. Every path
 * into the outbox (shop events, manual sends, campaigns, the Notification Module
 * provider) goes through here, so they all behave the same. Pure: no I/O.
 */
import type { NewMessage } from "../repositories/messages"
import { countSegments, transliterate, withoutStressMarks } from "../text"
import { type NormalizedPhone, normalizePhone } from "../phones/phone-number"
import { type QuietHours, quietHoursState } from "../schedule/quiet-hours"
import { type Channel, DELIVERY_MODES } from "../types"
import { type SiteSettings, phoneOptions } from "./site"
import { maskInvalidRecipient } from "../custom-rules/secret-fields"

/** The channels that go to a phone number: the delivery modes a site chooses from. */
export const PHONE_CHANNELS: Channel[] = [...DELIVERY_MODES]

/** Night window for marketing when a site has no quiet hours of its own (the US rule of thumb). */
export const MARKETING_NIGHT = { start: "21:00", end: "08:00" }

export interface OptOutLookup {
  /** Is this E.164 phone opted out of this channel (or of everything)? */
  isOptedOut(phone: string, channel: Channel): boolean
}

export const NO_OPT_OUTS: OptOutLookup = { isOptedOut: () => false }

/** Do these opted-out channels of a phone cover `channel` (Omni: either of its legs)? */
export function optedOutOf(channels: ReadonlySet<string>, channel: Channel): boolean {
  return (
    channels.has("all") ||
    channels.has(channel) ||
    (channel === "omni" && (channels.has("sms") || channels.has("viber")))
  )
}

/** A stored row is marketing when it belongs to a campaign (or is a resent copy of one). */
export function isMarketing(m: { campaign_id?: string | null; metadata?: Record<string, unknown> | null }): boolean {
  return !!m.campaign_id || !!m.metadata?.marketing
}

/** The reason a message to an opted-out phone is skipped (at enqueue and at claim). */
export function optOutReason(phone: string, channel: Channel): string {
  return `${phone} opted out of ${channel} messages`
}

export interface PrepareInput {
  site: SiteSettings
  channel: Channel
  /** Raw phone, chat id or e-mail as found; null = none found. */
  recipient: string | null
  /**
   * `recipient` already normalized by the caller with the site's default region (bulk
   * sends normalize each number once, for the opt-out lookup and for the row).
   */
  phone?: NormalizedPhone
  /** Country of the address the phone came from (helps numbers without a country code). */
  country?: string | null
  body: string
  subject?: string | null
  /** Ignores quiet hours. */
  critical?: boolean
  /** Marketing (campaigns) never ignores an opt-out; transactional may, where the site allows. */
  marketing?: boolean
  optOuts?: OptOutLookup
  now?: Date
  /** Everything else of the row (event, resource ids, …). */
  base?: Partial<NewMessage>
  /** Builds the idempotency key with the normalized recipient; omit for no deduplication. */
  idempotency?: { event: string; resource: string; template: string }
}

/** Why a phone was refused, without the number (the message would repeat it). */
const PHONE_PROBLEM: Record<string, string> = {
  empty: "no phone number given",
  invalid: "not a phone number",
  too_short: "too short for a phone number",
  too_long: "too long for a phone number",
  not_mobile: "not a mobile number (cannot receive SMS)",
  invalid_country: "unknown or unexpected country code",
}

const TELEGRAM_CHAT = /^-?\d{1,20}$|^@[A-Za-z0-9_]{5,32}$/
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/

export function prepareMessage(input: PrepareInput): NewMessage {
  const row = prepareRow(input)
  if (input.idempotency) {
    row.idempotency_key = idempotencyKey({ ...input.idempotency, recipient: row.recipient, channel: row.channel })
  }
  return row
}

function prepareRow(input: PrepareInput): NewMessage {
  const { site, channel } = input
  const now = input.now ?? new Date()
  const row: NewMessage = {
    ...input.base,
    channel,
    recipient: (input.recipient ?? "").trim() || "(none)",
    body: input.body,
    subject: input.subject ?? null,
    sales_channel_id: input.base?.sales_channel_id ?? site.sales_channel_id,
    critical: !!input.critical,
  }
  const skip = (error: string, code: string): NewMessage => ({
    ...row,
    status: "skipped",
    error,
    error_code: code,
    next_attempt_at: null,
  })
  // an invalid recipient may be anything a rule found (a token, a code): stored masked
  const invalid = (error: string, code: string): NewMessage => ({
    ...skip(error, code),
    recipient: maskInvalidRecipient(input.recipient ?? ""),
  })

  if (!input.body || !input.body.trim()) return skip("the text is empty", "empty_text")

  if (PHONE_CHANNELS.includes(channel)) {
    if (!input.recipient) return skip("no phone number found", "no_phone")
    const phone = input.phone ?? normalizePhone(input.recipient, phoneOptions(site, input.country))
    if (!phone.ok)
      return invalid(
        `cannot send to "${maskInvalidRecipient(input.recipient)}": ${PHONE_PROBLEM[phone.reason]}`,
        `phone_${phone.reason}`
      )
    row.recipient = phone.e164
    const optOuts = input.optOuts ?? NO_OPT_OUTS
    const ignoresOptOut = !input.marketing && site.transactional_ignores_opt_out
    if (!ignoresOptOut && optOuts.isOptedOut(phone.e164, channel)) {
      return skip(optOutReason(phone.e164, channel), "opted_out")
    }
    // What goes out as SMS (the whole message, or Omni's fallback) may be transliterated.
    const form = textForm(input.body, channel, site)
    if (channel === "sms") row.body = form.smsText
    if (channel === "omni") row.metadata = { ...(row.metadata ?? {}), sms_text: form.smsText }
    row.encoding = form.encoding
    row.segments = form.segments
    row.sender = row.sender ?? (channel === "sms" ? site.sms_sender : site.viber_sender)
  } else if (channel === "telegram") {
    if (!input.recipient || !TELEGRAM_CHAT.test(input.recipient.trim())) {
      return invalid(`"${maskInvalidRecipient(input.recipient ?? "")}" is not a Telegram chat id`, "invalid_chat")
    }
  } else if (channel === "email") {
    if (!input.recipient || !EMAIL.test(input.recipient.trim())) {
      return invalid(`"${maskInvalidRecipient(input.recipient ?? "")}" is not an e-mail address`, "invalid_email")
    }
    row.sender = row.sender ?? site.email_from
  }

  // The window goes with the row: a retry that falls in it waits for the morning too.
  const window = quietWindowFor(site, input)
  if (window) row.metadata = { ...(row.metadata ?? {}), quiet_hours: quietHoursOf(site, window) }
  const heldUntil = quietUntil(site, input, now)
  if (heldUntil) return { ...row, status: "deferred", next_attempt_at: heldUntil }
  return { ...row, status: "queued", next_attempt_at: now }
}

export interface QuietWindow {
  start: string
  end: string
  /** `site`: the site's own quiet hours; `marketing`: the night every marketing text waits out. */
  source: "site" | "marketing"
}

/**
 * The night window a message waits out: the site's quiet hours, else for marketing
 * 21:00–08:00 in the site's zone (marketing is never sent at night); none for critical.
 */
export function quietWindowFor(
  site: SiteSettings,
  kind: { critical?: boolean; marketing?: boolean }
): QuietWindow | null {
  if (kind.critical) return null
  if (site.quiet_hours_enabled) return { start: site.quiet_hours_start, end: site.quiet_hours_end, source: "site" }
  return kind.marketing ? { ...MARKETING_NIGHT, source: "marketing" } : null
}

/** The window as the dispatcher reads it from a row's metadata (`quiet_hours`). */
export function quietHoursOf(site: SiteSettings, window: QuietWindow): QuietHours {
  return { timeZone: site.time_zone, start: window.start, end: window.end }
}

/** When a message due at `at` may go out, if `at` falls inside its quiet window; else null. */
export function quietUntil(
  site: SiteSettings,
  kind: { critical?: boolean; marketing?: boolean },
  at: Date
): Date | null {
  const window = quietWindowFor(site, kind)
  if (!window) return null
  const quiet = quietHoursState(at, { timeZone: site.time_zone, start: window.start, end: window.end })
  return quiet.inside ? quiet.opensAt : null
}

interface TextForm {
  smsText: string
  encoding: string
  segments: number
}

/**
 * The SMS form of a text and its length in segments. A campaign sends one text to many
 * numbers, so the last few results are kept (pure function of its arguments).
 */
const textForms = new Map<string, TextForm>()
function textForm(body: string, channel: Channel, site: SiteSettings): TextForm {
  const lang = site.transliterate ? languageOf(site.locale) : "-"
  const key = `${channel}\u0000${lang}\u0000${body}`
  const cached = textForms.get(key)
  if (cached) return cached
  // Stress marks never make an SMS UCS-2 (transliterate drops them too).
  const smsText = site.transliterate ? transliterate(body, lang as "uk" | "ru" | "auto") : withoutStressMarks(body)
  const segments = countSegments(channel === "viber" ? body : smsText)
  const form = { smsText, encoding: segments.encoding, segments: channel === "viber" ? 1 : segments.parts }
  if (textForms.size >= 64) textForms.delete(textForms.keys().next().value as string)
  textForms.set(key, form)
  return form
}

function languageOf(locale: string): "uk" | "ru" | "auto" {
  const lang = locale.slice(0, 2).toLowerCase()
  return lang === "uk" ? "uk" : lang === "ru" ? "ru" : "auto"
}

/** event + resource + template + recipient + channel: the same event twice gets no second row. */
export function idempotencyKey(parts: {
  event: string
  resource: string
  template: string
  recipient: string
  channel: Channel
}): string {
  return [parts.event, parts.resource, parts.template, parts.recipient, parts.channel].join("|")
}
