/**
 * TurboSMS protocol facts used by the adapter (turbosms.ts): status words, response
 * codes, whole-request failures and times. Sending is in turbosms-send.ts, the signed
 * delivery callbacks in turbosms-callback.ts.
 */
import type { MessageStatus } from "../types"
import type { StatusReport } from "./types"
import { bodyFailure } from "./http-failures"
import { retryAfterMs, type HttpResponse } from "./http-response"
import { codeOf, isRecord, toNumber, type Failure } from "./results"

export const TURBOSMS_MAX_RECIPIENTS = 100

export function mapTurboSmsStatus(raw: string): MessageStatus {
  switch (raw.toLowerCase()) {
    case "delivered":
      return "delivered"
    case "read":
      return "read"
    case "undelivered":
    case "rejected":
    case "expired":
    case "failed":
    case "cancelled":
    case "canceled":
      return "undelivered"
    default:
      return "sent"
  }
}

/** TurboSMS response_code (top-level or per recipient) → failure. */
export function mapTurboSmsCode(code: number, status?: string | null): Failure {
  const word = status && status.trim() ? status.trim() : `code ${code}`
  const c = String(code)
  if ([103, 105, 106, 301].includes(code))
    return { kind: "auth", code: c, reason: `token rejected (${word})`, account_level: true }
  if (code === 203)
    return { kind: "insufficient_funds", code: c, reason: `not enough money (${word})`, account_level: true }
  if ([200, 302, 400].includes(code)) return { kind: "bad_sender", code: c, reason: `sender not accepted (${word})` }
  if (code === 305) return { kind: "invalid_recipient", code: c, reason: `invalid phone (${word})` }
  if (code === 404) return { kind: "opted_out", code: c, reason: `recipient is on the stop list (${word})` }
  if (code === 507) return { kind: "duplicate", code: c, reason: `duplicate request (${word})` }
  if ((code >= 500 && code <= 505) || code === 999)
    return { kind: "unavailable", code: c, reason: `TurboSMS failure (${word})` }
  if ([201, 202, 300, 303, 304, 306, 307, 405, 407, 413, 414].includes(code))
    return { kind: "bad_request", code: c, reason: `request rejected (${word})` }
  return { kind: "unknown", code: c, reason: `TurboSMS answered ${word}` }
}

/** 800–803: accepted, with a row per recipient; any other code failed the whole request. */
export function isAcceptedCode(code: number | null): code is number {
  return code !== null && code >= 800 && code <= 803
}

/** TurboSMS itself always answers 200; other statuses come from proxies or outages. */
export function turboSmsHttpLevelFailure(res: HttpResponse): Failure | null {
  if (res.status === 429)
    return {
      kind: "rate_limited",
      code: "429",
      reason: "too many requests",
      retry_after_ms: retryAfterMs(res.headers),
    }
  if (res.status >= 500)
    return {
      kind: "unavailable",
      code: `http_${res.status}`,
      reason: `TurboSMS answered HTTP ${res.status}`,
      maybe_accepted: true,
    }
  if (res.status === 401 || res.status === 403)
    return { kind: "auth", code: String(res.status), reason: "token rejected", account_level: true }
  if (!isRecord(res.json)) {
    const f = bodyFailure(res)
    return { kind: f.kind, code: f.code, reason: f.reason, maybe_accepted: f.maybe_accepted }
  }
  if (res.status !== 200 && codeOf(res.json.response_code) === null) {
    return { kind: "unknown", code: String(res.status), reason: `TurboSMS answered HTTP ${res.status}` }
  }
  return null
}

/** A row of `/message/status.json` → a status report; null for a row without a status. */
export function turboSmsStatusRow(row: unknown, idOf: (pmid: string) => string | null): StatusReport | null {
  if (!isRecord(row) || codeOf(row.response_code) !== 0 || typeof row.status !== "string") return null
  const pmid = String(row.message_id)
  return {
    id: idOf(pmid),
    provider_message_id: pmid,
    status: mapTurboSmsStatus(row.status),
    raw_status: row.status,
    channel: turboSmsChannel(row.type),
    occurred_at: parseTurboTime(row.updated) ?? parseTurboTime(row.sent),
    cost: toNumber(row.cost),
    currency: row.cost != null ? "UAH" : null,
  }
}

export function turboSmsChannel(type: unknown): "sms" | "viber" | null {
  return type === "viber" ? "viber" : type === "sms" ? "sms" : null
}

/** "2025-01-20 10:00:00" (Kyiv local time per TurboSMS; no zone given) or ISO → Date. */
export function parseTurboTime(v: unknown): Date | null {
  if (typeof v !== "string" || v.trim() === "") return null
  const t = Date.parse(v.includes("T") ? v : v.replace(" ", "T"))
  return Number.isFinite(t) ? new Date(t) : null
}
