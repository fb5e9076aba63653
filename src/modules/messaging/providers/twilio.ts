/**
 * Twilio Programmable Messaging: one form-encoded POST per message (a batch runs as
 * concurrent requests, at most TWILIO_CONCURRENCY at a time), HTTP Basic
 * AccountSid:AuthToken, answers 201. Delivery states come as signed status callbacks
 * (X-Twilio-Signature) or by polling Messages/{sid}.json; inbound SMS arrive on the
 * same webhook (From/To/Body without MessageStatus).
 *
 * Twilio keeps no client reference, so a message cannot be found by our id:
 * findByReference → null and capabilities.lookupByReference = false.
 */
import type { MessageStatus } from "../types"
import type {
  Balance,
  InboundMessage,
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
import { ProviderConfigError, ProviderRequestError, WebhookAuthError } from "./errors"
import { HttpClient } from "./http"
import { bodyFailure } from "./http-failures"
import { retryAfterMs, type HttpResponse } from "./http-response"
import type { ProviderHooks } from "./hooks"
import { mapWithConcurrency } from "./concurrency"
import {
  accepted,
  codeOf,
  digitsOnly,
  failed,
  fromTransport,
  isPlausibleMsisdn,
  isRecord,
  toNumber,
  type Failure,
} from "./results"
import { verifyTwilioSignature, type TwilioParams } from "./twilio-signature"

const NAME = "Twilio"
export const TWILIO_DEFAULT_BASE_URL = "https://api.twilio.com"
export const TWILIO_CONCURRENCY = 4
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

export class TwilioProvider implements MessagingProvider {
  static readonly identifier = "twilio" as const
  static readonly label = "Twilio"
  static readonly capabilities: Readonly<ProviderCapabilities> = {
    channels: ["sms"],
    maxBatchSize: 20,
    maxTextLength: 1600,
    ratePerSecond: 10,
    nativeOmni: false,
    // Twilio keeps no client reference: only its own SID can be looked up
    lookupByReference: false,
    webhooks: true,
    balance: true,
    deliveryReports: true,
    inbound: "webhook",
  }
  /** What the admin asks for; `secret` fields are masked and re-entered when the account moves. */
  static readonly fields = [
    field.credential("account_sid", true),
    field.secret("auth_token", true),
    field.text("from"),
    field.text("messaging_service_sid"),
    field.number("timeout_ms"),
  ]
  static readonly optionsSchema = accountOptionsSchema("twilio", TwilioProvider.fields)

  readonly type = TwilioProvider.identifier
  readonly capabilities = TwilioProvider.capabilities
  private readonly http: HttpClient
  private readonly accountSid: string
  private readonly authToken: string
  private readonly from: string | null
  private readonly messagingServiceSid: string | null

  constructor(config: unknown, hooks: ProviderHooks = {}) {
    const cfg = asConfigObject("twilio", config)
    this.accountSid = requiredString("twilio", cfg, "account_sid")
    this.authToken = requiredString("twilio", cfg, "auth_token")
    this.from = optionalString("twilio", cfg, "from")
    this.messagingServiceSid = optionalString("twilio", cfg, "messaging_service_sid")
    if (!this.from && !this.messagingServiceSid) {
      throw new ProviderConfigError("twilio", "from", 'or "messaging_service_sid" is required')
    }
    this.http = new HttpClient({
      provider: "twilio",
      baseUrl: baseUrl("twilio", cfg, "base_url", TWILIO_DEFAULT_BASE_URL),
      timeoutMs: timeoutMs("twilio", cfg),
      auth: { username: this.accountSid, password: this.authToken },
      secrets: [this.authToken],
      hooks,
    })
  }

  private get accountPath(): string {
    return `/2010-04-01/Accounts/${encodeURIComponent(this.accountSid)}`
  }

  async send(batch: OutboundMessage[], opts: SendOptions = {}): Promise<SendResult[]> {
    return mapWithConcurrency(batch, TWILIO_CONCURRENCY, (m) => this.sendOne(m, opts.signal ?? null))
  }

  private async sendOne(msg: OutboundMessage, signal: AbortSignal | null = null): Promise<SendResult> {
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
    const digits = digitsOnly(msg.to ?? "")
    if (!isPlausibleMsisdn(digits)) {
      return failed(msg.id, {
        kind: "invalid_recipient",
        code: "invalid_phone",
        reason: `"${msg.to}" is not a phone number`,
      })
    }
    const form: Record<string, string> = { To: `+${digits}`, Body: msg.text }
    if (msg.sender) form.From = /^\+?\d{6,15}$/.test(msg.sender) ? `+${digitsOnly(msg.sender)}` : msg.sender
    else if (this.messagingServiceSid) form.MessagingServiceSid = this.messagingServiceSid
    else form.From = this.from as string
    if (msg.callback_url) form.StatusCallback = msg.callback_url
    if (msg.validity_seconds)
      form.ValidityPeriod = String(Math.min(36000, Math.max(1, Math.round(msg.validity_seconds))))

    const res = await this.http.request({
      operation: "send",
      method: "POST",
      path: `${this.accountPath}/Messages.json`,
      form,
      signal,
    })
    if (!res.ok) return fromTransport(msg.id, res.failure)
    if ((res.status === 201 || res.status === 200) && isRecord(res.json) && typeof res.json.sid === "string") {
      const body = res.json
      return accepted(msg.id, body.sid, {
        raw_status: typeof body.status === "string" ? body.status : null,
        parts: toNumber(body.num_segments),
        cost: priceOf(body.price),
        currency: typeof body.price_unit === "string" ? body.price_unit : null,
      })
    }
    return failed(msg.id, this.errorOf(res))
  }

  private errorOf(res: HttpResponse): Failure {
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
      typeof res.json.message === "string" ? this.http.mask(res.json.message) : null
    )
    if (f.kind === "rate_limited") f.retry_after_ms = retryAfterMs(res.headers)
    return f
  }

  private async getJson(path: string, operation: string): Promise<Record<string, any> | null> {
    const res = await this.http.request({ operation, method: "GET", path })
    if (!res.ok) throw new ProviderRequestError(NAME, operation, res.failure, true)
    if (res.status === 404) return null
    if (res.status === 200 && isRecord(res.json)) return res.json
    const f = this.errorOf(res)
    throw new ProviderRequestError(NAME, operation, f, f.kind === "unavailable" || f.kind === "rate_limited")
  }

  async status(refs: { id: string; provider_message_id?: string | null }[]): Promise<StatusReport[]> {
    const withSid = refs.filter((r) => r.provider_message_id)
    const errors: unknown[] = []
    const reports = await mapWithConcurrency(withSid, TWILIO_CONCURRENCY, async (ref) => {
      try {
        const body = await this.getJson(
          `${this.accountPath}/Messages/${encodeURIComponent(ref.provider_message_id as string)}.json`,
          "status"
        )
        if (!body || typeof body.status !== "string") return null
        const report: StatusReport = {
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
        return report
      } catch (err) {
        errors.push(err)
        return null
      }
    })
    if (withSid.length > 0 && errors.length === withSid.length) throw errors[0]
    return reports.filter((r): r is StatusReport => r !== null)
  }

  /** Twilio has no client reference: we cannot ask whether it saw our id. */
  async findByReference(_id: string): Promise<(StatusReport & { provider_message_id: string }) | null> {
    return null
  }

  async balance(): Promise<Balance> {
    const body = await this.getJson(`${this.accountPath}/Balance.json`, "balance")
    const amount = toNumber(body?.balance)
    if (!body || amount === null) {
      throw new ProviderRequestError(
        NAME,
        "balance",
        { kind: "unavailable", code: "unexpected_response", reason: "balance answer has no balance" },
        true
      )
    }
    return { amount, currency: typeof body.currency === "string" ? body.currency : null, credit_limit: null }
  }

  /** Health probe: fetch the account; a suspended/closed account counts as down. */
  async probe(): Promise<void> {
    const body = await this.getJson(`${this.accountPath}.json`, "probe")
    if (!body)
      throw new ProviderRequestError(
        NAME,
        "probe",
        { kind: "auth", code: "404", reason: "account not found", account_level: true },
        false
      )
    if (typeof body.status === "string" && body.status !== "active") {
      throw new ProviderRequestError(
        NAME,
        "probe",
        { kind: "insufficient_funds", code: body.status, reason: `account is ${body.status}`, account_level: true },
        false
      )
    }
  }

  async parseWebhook(req: WebhookRequest): Promise<WebhookResult> {
    const header = req.headers["x-twilio-signature"]
    const signature = Array.isArray(header) ? header[0] : header
    const params: TwilioParams =
      req.method.toUpperCase() === "GET" ? {} : ((isRecord(req.body) ? req.body : {}) as TwilioParams)
    if (!verifyTwilioSignature(this.authToken, req.url, params, signature)) {
      throw new WebhookAuthError(
        signature ? "Twilio signature does not match" : "Twilio webhook without X-Twilio-Signature"
      )
    }
    const p = { ...(isRecord(req.query) ? req.query : {}), ...(isRecord(req.body) ? req.body : {}) } as Record<
      string,
      any
    >
    const reports: StatusReport[] = []
    const inbound: InboundMessage[] = []
    const status = p.MessageStatus ?? p.SmsStatus
    if (typeof status === "string" && status !== "received") {
      reports.push({
        provider_message_id:
          typeof p.MessageSid === "string" ? p.MessageSid : typeof p.SmsSid === "string" ? p.SmsSid : null,
        status: mapTwilioStatus(status),
        raw_status: status,
        raw_code: p.ErrorCode ? String(p.ErrorCode) : null,
        channel: "sms",
        occurred_at: new Date(),
        error: p.ErrorMessage ? String(p.ErrorMessage) : p.ErrorCode ? `Twilio error ${p.ErrorCode}` : null,
      })
      return { reports, inbound, response: { status: 200, body: "", contentType: "text/plain" } }
    }
    if (typeof p.From === "string" && typeof p.Body === "string") {
      inbound.push({
        from: p.From,
        to: typeof p.To === "string" ? p.To : null,
        text: p.Body,
        provider_message_id: typeof p.MessageSid === "string" ? p.MessageSid : null,
        received_at: new Date(),
      })
    }
    // an empty TwiML answer: no auto-reply
    return { reports, inbound, response: { status: 200, body: "<Response></Response>", contentType: "text/xml" } }
  }

  async close(): Promise<void> {
    this.http.close()
  }
}

/** Twilio prices are negative strings ("-0.00750"); we report the cost as positive. */
function priceOf(v: unknown): number | null {
  const n = toNumber(v)
  return n === null ? null : Math.abs(n)
}

function parseDate(v: unknown): Date | null {
  if (typeof v !== "string" || !v) return null
  const t = Date.parse(v)
  return Number.isFinite(t) ? new Date(t) : null
}
