/**
 * BSG.World protocol facts used by the adapter (bsg.ts): error codes and status words,
 * sender rules, validity limits, whole-request failures, status documents and replies.
 * The create requests and their answers are in bsg-create.ts.
 */
import type { Channel, MessageStatus } from "../types"
import type { InboundMessage, StatusReport } from "./types"
import { bodyFailure } from "./http-failures"
import { retryAfterMs, type HttpResult } from "./http-response"
import { messageIdFromReference } from "./bsg-reference"
import { codeOf, digitsOnly, isPlausibleMsisdn, isRecord, toNumber, type Failure } from "./results"

export const VIBER_PREFIX = "viber:"

export type Leg = "sms" | "viber"

/** Alphanumeric sender 3–11 characters, or a numeric sender of up to 15 digits. */
export function isValidBsgOriginator(sender: string): boolean {
  return /^\d{1,15}$/.test(sender) || /^[A-Za-z0-9]{3,11}$/.test(sender)
}

/** BSG status word → our status. */
export function mapBsgStatus(raw: string): MessageStatus {
  switch (raw.toLowerCase()) {
    case "delivered":
      return "delivered"
    case "read":
      return "read"
    case "expired":
    case "undeliverable":
    case "rejected":
      return "undelivered"
    default:
      // scheduled, sent, unknown and anything new: still on its way
      return "sent"
  }
}

/** BSG numeric error code → failure kind. */
export function mapBsgError(code: number, description?: string | null): Failure {
  const reason = (fallback: string) => (description && description.trim() ? `${description.trim()}` : fallback)
  const c = String(code)
  switch (code) {
    case 1:
      return { kind: "auth", code: c, reason: reason("invalid API key"), account_level: true }
    case 3:
      return { kind: "auth", code: c, reason: reason("account blocked"), account_level: true }
    case 8:
      return { kind: "insufficient_funds", code: c, reason: reason("not enough money"), account_level: true }
    case 5:
      return { kind: "unavailable", code: c, reason: reason("unknown error at BSG") }
    case 11:
      return { kind: "rate_limited", code: c, reason: reason("too many simultaneous requests") }
    case 21:
    case 41:
      return { kind: "invalid_recipient", code: c, reason: reason("invalid MSISDN") }
    case 25:
    case 32:
    case 45:
      return { kind: "bad_sender", code: c, reason: reason("invalid or unregistered originator") }
    case 23:
    case 43:
      return { kind: "duplicate", code: c, reason: reason("External ID already exists") }
    case 2:
    case 4:
    case 7:
    case 10:
    case 12:
    case 22:
    case 24:
    case 26:
    case 27:
    case 28:
    case 31:
    case 46:
    case 48:
    case 51:
      return { kind: "bad_request", code: c, reason: reason(`request rejected (code ${code})`) }
    default:
      return { kind: "unknown", code: c, reason: reason(`BSG error ${code}`) }
  }
}

/**
 * The answer of `GET /{leg}/{id}` or `/{leg}/reference/{reference}`: the status document,
 * an error worth reporting (the account, an outage, a rate limit), or null when BSG does
 * not know the message.
 */
export function bsgStatusDocument(
  body: Record<string, any>
): { doc: Record<string, any> } | { failure: Failure } | null {
  const doc = isRecord(body.result) && body.status === undefined ? body.result : body
  if (typeof doc.status === "string" && doc.id != null) return { doc }
  const code = codeOf(doc.error ?? body.error)
  if (code !== null && code !== 0) {
    const failure = mapBsgError(code, doc.errorDescription ?? body.errorDescription)
    if (failure.account_level || failure.kind === "unavailable" || failure.kind === "rate_limited") return { failure }
  }
  return null
}

export interface BsgPrice {
  type: string
  country: string
  mcc: string | null
  price: number
  currency: string
}

/** The answer of `GET /sms/prices[/{tariff}]` → the price list. */
export function parseBsgPrices(body: Record<string, any>): BsgPrice[] {
  const list: unknown[] = Array.isArray(body.prices) ? body.prices : []
  return list.filter(isRecord).map((p) => ({
    type: String(p.type ?? "sms"),
    country: String(p.country ?? ""),
    mcc: p.mcc != null ? String(p.mcc) : null,
    price: toNumber(p.price) ?? 0,
    currency: String(p.currency ?? ""),
  }))
}

/** Whole-request failures visible in the HTTP status or a non-JSON body; null = read the body. */
export function httpLevelFailure(res: Extract<HttpResult, { ok: true }>, mask: (s: string) => string): Failure | null {
  const body = isRecord(res.json) ? res.json : null
  const message = body && typeof body.message === "string" ? mask(body.message) : null
  if (res.status === 401 || res.status === 403) {
    return { kind: "auth", code: String(res.status), reason: message ?? "API key rejected", account_level: true }
  }
  if (res.status === 422 && message && /insufficient|funds|money|balance/i.test(message)) {
    return { kind: "insufficient_funds", code: "422", reason: message, account_level: true }
  }
  if (res.status === 429) {
    return {
      kind: "rate_limited",
      code: "429",
      reason: message ?? "too many requests",
      retry_after_ms: retryAfterMs(res.headers),
    }
  }
  if (res.status >= 500) {
    return {
      kind: "unavailable",
      code: `http_${res.status}`,
      reason: `BSG answered HTTP ${res.status}${message ? `: ${message}` : ""}`,
      maybe_accepted: res.status === 504,
    }
  }
  if (!body) {
    const f = bodyFailure(res)
    return { kind: f.kind, code: f.code, reason: f.reason, maybe_accepted: f.maybe_accepted }
  }
  if (res.status >= 400) {
    const code = codeOf(body.error)
    if (code !== null && code !== 0) return mapBsgError(code, body.errorDescription ?? message)
    return { kind: "bad_request", code: String(res.status), reason: message ?? `BSG answered HTTP ${res.status}` }
  }
  return null
}

/** A BSG status document → our status report (an omni message's SMS fallback decides when Viber did not deliver). */
export function toBsgReport(
  doc: Record<string, any>,
  leg: Leg,
  id: string | null
): StatusReport & { provider_message_id: string } {
  const rawStatus = String(doc.status)
  let status = mapBsgStatus(rawStatus)
  let channel: Channel = leg
  let raw = rawStatus
  if (leg === "viber" && Array.isArray(doc.alt_route) && doc.alt_route.length > 0) {
    const smsLeg = doc.alt_route.find((r: unknown) => isRecord(r) && typeof r.status === "string")
    if (smsLeg) {
      raw = `viber:${rawStatus}; ${String(smsLeg.channel ?? "sms")}:${smsLeg.status}`
      // Viber did not make it: the SMS fallback decides the outcome
      if (status === "undelivered" || status === "sent") {
        const smsStatus = mapBsgStatus(String(smsLeg.status))
        if (status === "undelivered" || smsStatus === "delivered") {
          status = smsStatus
          channel = "sms"
        }
      }
    }
  }
  const reference = typeof doc.reference === "string" ? doc.reference : null
  return {
    id: id ?? (reference ? messageIdFromReference(reference) : null),
    provider_message_id: (leg === "viber" ? VIBER_PREFIX : "") + String(doc.id),
    status,
    raw_status: raw,
    channel,
    occurred_at: parseBsgTime(doc.time_dr) ?? parseBsgTime(doc.time_sent) ?? parseBsgTime(doc.time_in),
    cost: toNumber(doc.price),
    currency: typeof doc.currency === "string" ? doc.currency : null,
  }
}

/**
 * Rows of `GET /sms/2wayIncoming` → replies. Per BSG's example a row's `sender` is the 2-way
 * sender the customer wrote to and `recipient` the customer's number; the customer is
 * whichever of the two is a phone number, `recipient` first.
 */
export function parseBsgInbound(rows: unknown[], until: Date): InboundMessage[] {
  const out: InboundMessage[] = []
  for (const row of rows) {
    if (!isRecord(row) || typeof row.message !== "string") continue
    const recipient = digitsOnly(String(row.recipient ?? ""))
    const sender = String(row.sender ?? "")
    const customer = isPlausibleMsisdn(recipient)
      ? recipient
      : isPlausibleMsisdn(digitsOnly(sender))
        ? digitsOnly(sender)
        : null
    if (!customer) continue
    out.push({
      from: `+${customer}`,
      to: customer === recipient ? sender || null : String(row.recipient ?? "") || null,
      text: row.message,
      provider_message_id: row.id != null ? `in:${row.id}` : null,
      received_at: parseBsgTime(row.time_received) ?? until,
    })
  }
  return out
}

/** SMS validity in hours 1–72 (BSG default 72). */
export function smsValidityHours(seconds: number | null | undefined): number {
  if (!seconds || seconds <= 0) return 72
  return Math.min(72, Math.max(1, Math.ceil(seconds / 3600)))
}

/** Viber validity in seconds 15–86400 (BSG default 86400). */
export function viberValiditySeconds(seconds: number | null | undefined): number {
  if (!seconds || seconds <= 0) return 86400
  return Math.min(86400, Math.max(15, Math.round(seconds)))
}

/** Date → "2016-09-20 12:34:56" (UTC), the form BSG's date parameters take. */
export function bsgTime(d: Date): string {
  return d.toISOString().replace("T", " ").slice(0, 19)
}

/** "2016-09-20 12:34:56" (no zone: taken as UTC) or ISO 8601 → Date. */
export function parseBsgTime(v: unknown): Date | null {
  if (typeof v !== "string" || v.trim() === "") return null
  const s = v.trim()
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(s) ? `${s.replace(" ", "T")}Z` : s
  const t = Date.parse(iso)
  return Number.isFinite(t) ? new Date(t) : null
}
