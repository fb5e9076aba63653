/**
 * TurboSMS (api.turbosms.ua): SMS, Viber and hybrid (= our "omni": Viber first, SMS
 * only when Viber fails), status, balance and signed delivery callbacks.
 *
 * The API answers HTTP 200 for every valid request; success or failure is in
 * `response_code` (800–803 = accepted with per-recipient rows, anything else = the
 * whole request failed). Messages with the same content go out in one request with a
 * recipients array; rows are matched back to our messages by phone.
 *
 * TurboSMS has no client reference, so a send whose answer was lost cannot be looked
 * up (`findByReference` → null, capability lookupByReference = false).
 *
 * Callback signature: the fact sheet says "SHA1 over the secret key and the id"; this
 * adapter checks `signature === sha1_hex(callback_secret + id)` (secret first, then the
 * callback's `id`, no separator), case-insensitive, compared in constant time. The
 * signature covers nothing else: the result carries `replay_id` (the module refuses an
 * id seen before) and `body_signed: false` (final statuses are confirmed by status()).
 */
import { createHash, timingSafeEqual } from "node:crypto"
import type { MessageStatus } from "../types"
import type {
  Balance,
  MessagingProvider,
  OutboundMessage,
  ProviderCapabilities,
  SendOptions,
  SendResult,
  StatusReport,
  WebhookRequest,
  WebhookResult,
} from "./types"
import { accountOptionsSchema, field } from "./fields"
import { asConfigObject, baseUrl, optionalString, requiredString, timeoutMs } from "./config"
import { ProviderRequestError, WebhookAuthError } from "./errors"
import { HttpClient } from "./http"
import { bodyFailure } from "./http-failures"
import { retryAfterMs, type HttpResult } from "./http-response"
import type { ProviderHooks } from "./hooks"
import { mapWithConcurrency } from "./concurrency"
import {
  accepted,
  chunk,
  chunkUnique,
  codeOf,
  digitsOnly,
  failed,
  fromTransport,
  groupBy,
  isPlausibleMsisdn,
  isRecord,
  toNumber,
  type Failure,
} from "./results"

const NAME = "TurboSMS"
export const TURBOSMS_DEFAULT_BASE_URL = "https://api.turbosms.ua"
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

/** The signature TurboSMS puts on callbacks: sha1 hex of secret + id. */
export function turboSmsCallbackSignature(secret: string, id: string): string {
  return createHash("sha1")
    .update(secret + id, "utf8")
    .digest("hex")
}

interface Prepared {
  msg: OutboundMessage
  phone: string
  payload: Record<string, unknown>
  groupKey: string
}

export class TurboSmsProvider implements MessagingProvider {
  static readonly identifier = "turbosms" as const
  static readonly label = "TurboSMS"
  static readonly capabilities: Readonly<ProviderCapabilities> = {
    channels: ["sms", "viber", "omni"],
    maxBatchSize: 100,
    maxTextLength: 1000,
    ratePerSecond: 5,
    nativeOmni: true,
    // TurboSMS has no client reference: a timed-out send cannot be looked up
    lookupByReference: false,
    webhooks: true,
    balance: true,
    deliveryReports: true,
    // TurboSMS has no API for incoming messages
    inbound: "none",
  }
  /** What the admin asks for; `secret` fields are masked and re-entered when the account moves. */
  static readonly fields = [
    field.secret("token", true),
    field.secret("callback_secret"),
    field.text("sender"),
    field.text("viber_sender"),
    field.number("timeout_ms"),
  ]
  static readonly optionsSchema = accountOptionsSchema("turbosms", TurboSmsProvider.fields)

  readonly type = TurboSmsProvider.identifier
  readonly capabilities = TurboSmsProvider.capabilities
  private readonly http: HttpClient
  private readonly sender: string | null
  private readonly viberSender: string | null
  private readonly callbackSecret: string | null

  constructor(config: unknown, hooks: ProviderHooks = {}) {
    const cfg = asConfigObject("turbosms", config)
    const token = requiredString("turbosms", cfg, "token")
    this.sender = optionalString("turbosms", cfg, "sender")
    this.viberSender = optionalString("turbosms", cfg, "viber_sender")
    this.callbackSecret = optionalString("turbosms", cfg, "callback_secret")
    this.http = new HttpClient({
      provider: "turbosms",
      baseUrl: baseUrl("turbosms", cfg, "base_url", TURBOSMS_DEFAULT_BASE_URL),
      timeoutMs: timeoutMs("turbosms", cfg),
      headers: { Authorization: `Bearer ${token}` },
      secrets: [token, ...(this.callbackSecret ? [this.callbackSecret] : [])],
      hooks,
    })
  }

  async send(batch: OutboundMessage[], opts: SendOptions = {}): Promise<SendResult[]> {
    const results = new Map<string, SendResult>()
    const ready: Prepared[] = []
    const seen = new Set<string>()
    for (const msg of batch) {
      if (seen.has(msg.id)) continue
      seen.add(msg.id)
      const p = this.prepare(msg)
      if ("outcome" in p) results.set(msg.id, p)
      else ready.push(p)
    }
    const requests: Prepared[][] = []
    for (const group of groupBy(ready, (p) => p.groupKey)) {
      requests.push(...chunkUnique(group, TURBOSMS_MAX_RECIPIENTS, (p) => p.phone))
    }
    await mapWithConcurrency(requests, 2, async (items) => {
      const body = { recipients: items.map((p) => p.phone), ...items[0].payload }
      const res = await this.http.request({
        operation: "send",
        method: "POST",
        path: "/message/send.json",
        json: body,
        signal: opts.signal,
      })
      this.applySendResponse(res, items, results)
    })
    return batch.map(
      (m) =>
        results.get(m.id) ??
        failed(m.id, {
          kind: "unknown",
          code: "no_result",
          reason: "TurboSMS answered without a row for this recipient",
        })
    )
  }

  private prepare(msg: OutboundMessage): Prepared | SendResult {
    if (msg.channel !== "sms" && msg.channel !== "viber" && msg.channel !== "omni") {
      return failed(msg.id, {
        kind: "bad_request",
        code: "unsupported_channel",
        reason: `TurboSMS does not send ${msg.channel} messages`,
      })
    }
    if (!msg.text || msg.text.trim() === "")
      return failed(msg.id, { kind: "bad_request", code: "empty_text", reason: "message text is empty" })
    const phone = digitsOnly(msg.to ?? "")
    if (!isPlausibleMsisdn(phone)) {
      return failed(msg.id, {
        kind: "invalid_recipient",
        code: "invalid_phone",
        reason: `"${msg.to}" is not a phone number`,
      })
    }
    const payload: Record<string, unknown> = {}
    if (msg.channel === "sms") {
      const sender = msg.sender || this.sender
      if (!sender)
        return failed(msg.id, {
          kind: "bad_sender",
          code: "no_sender",
          reason: "no sender: set one on the message or the account",
        })
      payload.sms = { sender, text: msg.text }
    } else {
      const viberSender = msg.sender || this.viberSender || this.sender
      if (!viberSender)
        return failed(msg.id, {
          kind: "bad_sender",
          code: "no_sender",
          reason: "no Viber sender: set one on the message or the account",
        })
      const viber: Record<string, unknown> = { sender: viberSender, text: msg.text }
      if (msg.validity_seconds) viber.ttl = Math.min(86400, Math.max(60, Math.round(msg.validity_seconds)))
      if (msg.viber?.image_url) viber.image_url = msg.viber.image_url
      if (msg.viber?.button_caption && msg.viber?.button_url) {
        viber.caption = msg.viber.button_caption.slice(0, 30)
        viber.action = msg.viber.button_url
      }
      payload.viber = viber
      if (msg.channel === "omni") {
        payload.sms = { sender: msg.fallback_sender || this.sender || viberSender, text: msg.fallback_text || msg.text }
      }
    }
    return { msg, phone, payload, groupKey: JSON.stringify(payload) }
  }

  private applySendResponse(res: HttpResult, items: Prepared[], results: Map<string, SendResult>): void {
    const all = (f: (p: Prepared) => SendResult) => items.forEach((p) => results.set(p.msg.id, f(p)))
    if (!res.ok) return all((p) => fromTransport(p.msg.id, res.failure))
    const httpFailure = this.httpLevelFailure(res)
    if (httpFailure) return all((p) => failed(p.msg.id, httpFailure))
    const body = res.json as Record<string, any>
    const code = codeOf(body.response_code)
    if (code === null) {
      return all((p) =>
        failed(p.msg.id, {
          kind: "unavailable",
          code: "unexpected_response",
          reason: "TurboSMS answer has no response_code",
          maybe_accepted: true,
        })
      )
    }
    if (code < 800 || code > 803) {
      const f = mapTurboSmsCode(code, body.response_status)
      return all((p) => failed(p.msg.id, f))
    }
    const rows: unknown[] = Array.isArray(body.response_result) ? body.response_result : []
    const byPhone = new Map<string, Record<string, any>>()
    for (const row of rows)
      if (isRecord(row) && row.phone != null && !byPhone.has(digitsOnly(String(row.phone))))
        byPhone.set(digitsOnly(String(row.phone)), row)
    for (const p of items) {
      const row = byPhone.get(p.phone)
      if (!row) {
        results.set(
          p.msg.id,
          failed(p.msg.id, {
            kind: "unknown",
            code: String(code),
            reason: `TurboSMS answered ${body.response_status ?? code} without a row for ${p.phone}`,
          })
        )
        continue
      }
      const rowCode = codeOf(row.response_code) ?? 0
      if (rowCode === 0 && row.message_id) {
        results.set(
          p.msg.id,
          accepted(p.msg.id, String(row.message_id), {
            raw_status: String(row.response_status ?? body.response_status ?? "OK"),
          })
        )
      } else {
        results.set(
          p.msg.id,
          failed(
            p.msg.id,
            rowCode === 0
              ? { kind: "unknown", code: "no_id", reason: "TurboSMS accepted the recipient without a message id" }
              : mapTurboSmsCode(rowCode, row.response_status)
          )
        )
      }
    }
  }

  /** TurboSMS itself always answers 200; other statuses come from proxies or outages. */
  private httpLevelFailure(res: Extract<HttpResult, { ok: true }>): Failure | null {
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

  private async call(path: string, operation: string, json: unknown): Promise<Record<string, any>> {
    const res = await this.http.request({ operation, method: "POST", path, json })
    if (!res.ok) throw new ProviderRequestError(NAME, operation, res.failure, true)
    const f = this.httpLevelFailure(res)
    if (f) throw new ProviderRequestError(NAME, operation, f, f.kind === "unavailable" || f.kind === "rate_limited")
    const body = res.json as Record<string, any>
    const code = codeOf(body.response_code)
    if (code !== 0 && !(code !== null && code >= 800 && code <= 803)) {
      const mapped =
        code === null
          ? { kind: "unknown" as const, code: "no_code", reason: "answer without response_code" }
          : mapTurboSmsCode(code, body.response_status)
      throw new ProviderRequestError(NAME, operation, mapped, mapped.kind === "unavailable")
    }
    return body
  }

  async status(refs: { id: string; provider_message_id?: string | null }[]): Promise<StatusReport[]> {
    const byPmid = new Map<string, string>()
    for (const r of refs) if (r.provider_message_id) byPmid.set(r.provider_message_id, r.id)
    const reports: StatusReport[] = []
    for (const ids of chunk([...byPmid.keys()], 100)) {
      const body = await this.call("/message/status.json", "status", { messages: ids })
      const rows: unknown[] = Array.isArray(body.response_result) ? body.response_result : []
      for (const row of rows) {
        if (!isRecord(row) || codeOf(row.response_code) !== 0 || typeof row.status !== "string") continue
        const pmid = String(row.message_id)
        reports.push({
          id: byPmid.get(pmid) ?? null,
          provider_message_id: pmid,
          status: mapTurboSmsStatus(row.status),
          raw_status: row.status,
          channel: row.type === "viber" ? "viber" : row.type === "sms" ? "sms" : null,
          occurred_at: parseTurboTime(row.updated) ?? parseTurboTime(row.sent),
          cost: toNumber(row.cost),
          currency: row.cost != null ? "UAH" : null,
        })
      }
    }
    return reports
  }

  /** TurboSMS keeps no client reference: a message cannot be found by our id. */
  async findByReference(_id: string): Promise<(StatusReport & { provider_message_id: string }) | null> {
    return null
  }

  async balance(): Promise<Balance> {
    const body = await this.call("/user/balance.json", "balance", {})
    const amount = toNumber(isRecord(body.response_result) ? body.response_result.balance : undefined)
    if (amount === null) {
      throw new ProviderRequestError(
        NAME,
        "balance",
        { kind: "unavailable", code: "unexpected_response", reason: "balance answer has no balance" },
        true
      )
    }
    return { amount, currency: "UAH", credit_limit: null }
  }

  /** Health probe: a balance request (checks reachability and the token). */
  async probe(): Promise<void> {
    await this.balance()
  }

  async parseWebhook(req: WebhookRequest): Promise<WebhookResult> {
    if (!this.callbackSecret)
      throw new WebhookAuthError("TurboSMS callbacks are refused: no callback_secret configured for this account")
    const body = isRecord(req.body) ? req.body : {}
    const id = body.id != null ? String(body.id) : ""
    const signature = typeof body.signature === "string" ? body.signature.toLowerCase() : ""
    if (!id || !signature) throw new WebhookAuthError("TurboSMS callback without id or signature")
    const expected = turboSmsCallbackSignature(this.callbackSecret, id)
    const a = Buffer.from(signature, "utf8")
    const b = Buffer.from(expected, "utf8")
    if (a.length !== b.length || !timingSafeEqual(a, b))
      throw new WebhookAuthError("TurboSMS callback signature does not match")

    const reports: StatusReport[] = []
    for (const item of callbackItems(body.data)) {
      const status = typeof item.status === "string" ? item.status : null
      if (!status) continue
      const pmid = item.message_id ?? item.id
      reports.push({
        provider_message_id: pmid != null ? String(pmid) : null,
        status: mapTurboSmsStatus(status),
        raw_status: status,
        channel: item.type === "viber" ? "viber" : item.type === "sms" ? "sms" : null,
        occurred_at: parseTurboTime(item.updated) ?? parseTurboTime(body.date),
        error: typeof item.error === "string" ? item.error : null,
      })
    }
    // the signature covers the id only: the id is remembered (replays refused) and the statuses are confirmed by status()
    return {
      reports,
      inbound: [],
      response: { status: 200, body: "OK", contentType: "text/plain" },
      replay_id: id,
      body_signed: false,
    }
  }

  async close(): Promise<void> {
    this.http.close()
  }
}

/** `data` may be an object, an array of them, or either as a JSON string. */
function callbackItems(data: unknown): Record<string, any>[] {
  let v = data
  if (typeof v === "string") {
    try {
      v = JSON.parse(v)
    } catch {
      return []
    }
  }
  if (Array.isArray(v)) return v.filter(isRecord)
  return isRecord(v) ? [v] : []
}

/** "2025-01-20 10:00:00" (Kyiv local time per TurboSMS; no zone given) or ISO → Date. */
function parseTurboTime(v: unknown): Date | null {
  if (typeof v !== "string" || v.trim() === "") return null
  const t = Date.parse(v.includes("T") ? v : v.replace(" ", "T"))
  return Number.isFinite(t) ? new Date(t) : null
}
