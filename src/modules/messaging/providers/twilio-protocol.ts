/**
 * Twilio protocol facts used by the adapter (twilio.ts): status words, error codes, the
 * send form, reading an error answer and a message resource. The webhook is in
 * twilio-webhook.ts.
 */
import type { MessageStatus } from "../types"
import type { OutboundMessage, SendResult, StatusReport } from "./types"
import { bodyFailure } from "./http-failures"
import { retryAfterMs, type HttpResponse } from "./http-response"
import { codeOf, digitsOnly, failed, isRecord, recipientDigits, toNumber, type Failure } from "./results"

export const TWILIO_MAX_BODY = 1600

export function mapTwilioStatus(raw: string): MessageStatus {
  switch (raw.toLowerCase()) {
    case "delivered":
      return "delivered"
    case "read":
      return "read"
    case "undelivered":
    case "failed":
    case "canceled":
      return "undelivered"
    default:
      // accepted, scheduled, queued, sending, sent
      return "sent"
  }
}

/** Twilio error code (and HTTP status) → failure. */
export function mapTwilioError(code: number | null, httpStatus: number, message: string | null): Failure {
  const reason = message || `Twilio answered HTTP ${httpStatus}${code ? ` (error ${code})` : ""}`
  const c = code !== null ? String(code) : String(httpStatus)
  switch (code) {
    case 21211:
    case 21614:
    case 21612:
    case 21401:
      return { kind: "invalid_recipient", code: c, reason }
    case 21610:
      return { kind: "opted_out", code: c, reason }
    case 20003:
      return { kind: "auth", code: c, reason, account_level: true }
    case 20005:
    case 10001:
      return {
        kind: "insufficient_funds",
        code: c,
        reason: `${reason} (account not active: out of funds or suspended)`,
        account_level: true,
      }
    case 20429:
      return { kind: "rate_limited", code: c, reason }
    case 21212:
    case 21606:
    case 21659:
    case 21660:
    case 21661:
    case 21703:
      return { kind: "bad_sender", code: c, reason }
  }
  if (httpStatus === 401) return { kind: "auth", code: c, reason, account_level: true }
  if (httpStatus === 429) return { kind: "rate_limited", code: c, reason }
  if (httpStatus >= 500) return { kind: "unavailable", code: c, reason, maybe_accepted: true }
  if (httpStatus >= 400) return { kind: "bad_request", code: c, reason }
  return { kind: "unknown", code: c, reason }
}

/** The account's default originator: a phone number, or a Messaging Service. */
export interface TwilioSender {
  from: string | null
  messagingServiceSid: string | null
}

/** The checks of one message, then its `Messages.json` form. */
export function twilioSendForm(
  msg: OutboundMessage,
  account: TwilioSender
): { form: Record<string, string> } | SendResult {
  if (msg.channel !== "sms") {
    return failed(msg.id, {
      kind: "bad_request",
      code: "unsupported_channel",
      reason: `Twilio adapter does not send ${msg.channel} messages`,
    })
  }
  if (!msg.text || msg.text.trim() === "")
    return failed(msg.id, { kind: "bad_request", code: "empty_text", reason: "message text is empty" })
  if (msg.text.length > TWILIO_MAX_BODY) {
    return failed(msg.id, {
      kind: "bad_request",
      code: "text_too_long",
      reason: `text is ${msg.text.length} characters; Twilio takes at most ${TWILIO_MAX_BODY}`,
    })
  }
  const recipient = recipientDigits(msg)
  if ("outcome" in recipient) return recipient
  const digits = recipient.digits
  const form: Record<string, string> = { To: `+${digits}`, Body: msg.text }
  if (msg.sender) form.From = /^\+?\d{6,15}$/.test(msg.sender) ? `+${digitsOnly(msg.sender)}` : msg.sender
  else if (account.messagingServiceSid) form.MessagingServiceSid = account.messagingServiceSid
  else form.From = account.from as string
  if (msg.callback_url) form.StatusCallback = msg.callback_url
  if (msg.validity_seconds) form.ValidityPeriod = String(Math.min(36000, Math.max(1, Math.round(msg.validity_seconds))))
  return { form }
}

/** An answer that is not the resource asked for → failure. */
export function twilioErrorOf(res: HttpResponse, mask: (text: string) => string): Failure {
  if (!isRecord(res.json)) {
    if (res.status === 429)
      return {
        kind: "rate_limited",
        code: "429",
        reason: "too many requests",
        retry_after_ms: retryAfterMs(res.headers),
      }
    if (res.status === 401) return { kind: "auth", code: "401", reason: "credentials rejected", account_level: true }
    const f = bodyFailure(res)
    return { kind: f.kind, code: f.code, reason: f.reason, maybe_accepted: f.maybe_accepted }
  }
  const f = mapTwilioError(
    codeOf(res.json.code),
    res.status,
    typeof res.json.message === "string" ? mask(res.json.message) : null
  )
  if (f.kind === "rate_limited") f.retry_after_ms = retryAfterMs(res.headers)
  return f
}

/** A `Messages/{sid}.json` resource → our status report. */
export function twilioStatusReport(
  body: Record<string, any>,
  ref: { id: string; provider_message_id?: string | null }
): StatusReport | null {
  if (typeof body.status !== "string") return null
  return {
    id: ref.id,
    provider_message_id: String(body.sid ?? ref.provider_message_id),
    status: mapTwilioStatus(body.status),
    raw_status: body.status,
    raw_code: body.error_code != null ? String(body.error_code) : null,
    channel: "sms",
    occurred_at: parseDate(body.date_updated) ?? parseDate(body.date_sent),
    cost: priceOf(body.price),
    currency: typeof body.price_unit === "string" ? body.price_unit : null,
    error: typeof body.error_message === "string" ? body.error_message : null,
  }
}

/** Twilio prices are negative strings ("-0.00750"); we report the cost as positive. */
export function priceOf(v: unknown): number | null {
  const n = toNumber(v)
  return n === null ? null : Math.abs(n)
}

function parseDate(v: unknown): Date | null {
  if (typeof v !== "string" || !v) return null
  const t = Date.parse(v)
  return Number.isFinite(t) ? new Date(t) : null
}
