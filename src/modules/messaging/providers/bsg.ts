/**
 * BSG.World REST v1: SMS (single / same-text batch / per-recipient batch), Viber and
 * "omni" (Viber with an SMS alt_route), status polling, balance and prices.
 *
 * Idempotency: every message carries `reference` = bsgReference(our id). When BSG
 * answers 23/43 "External ID already exists" the message was accepted earlier (e.g. a
 * send whose answer was lost to a timeout): the adapter looks it up by reference and
 * returns it as accepted — BSG never gets a second message for the same id.
 *
 * provider_message_id: the SMS id as BSG gives it ("213"); Viber/omni ids are stored
 * as "viber:217" because BSG keeps SMS and Viber statuses under different endpoints.
 *
 * Replies: BSG lists the replies to 2-way senders at `GET /sms/2wayIncoming`
 * (start_date/end_date "Y-m-d H:i:s"); fetchInbound() polls it. The reply callback
 * (`callback_url_2way`) has no documented body or signature, so it is not used.
 */
import type { Channel, MessageStatus } from "../types"
import type { Balance, InboundMessage, MessagingProvider, OutboundMessage, ProviderCapabilities, SendResult, StatusReport, WebhookRequest, WebhookResult } from "./types"
import { accountOptionsSchema, field } from "./fields"
import { asConfigObject, baseUrl, optionalNumber, optionalString, requiredString, timeoutMs } from "./config"
import { ProviderRequestError, WebhooksNotSupportedError } from "./errors"
import { bodyFailure, HttpClient, mapWithConcurrency, retryAfterMs, type HttpResult, type ProviderHooks } from "./http"
import { bsgReference, messageIdFromReference } from "./bsg-reference"
import {
  accepted,
  chunkUnique,
  codeOf,
  digitsOnly,
  failed,
  fromTransport,
  groupBy,
  isPlausibleMsisdn,
  isRecord,
  retry,
  toNumber,
  type Failure,
} from "./results"

export interface BsgPrice {
  type: string
  country: string
  mcc: string | null
  price: number
  currency: string
}

const NAME = "BSG"
export const BSG_DEFAULT_BASE_URL = "https://api.bsg.world/rest"
export const BSG_MAX_BATCH = 50
const VIBER_PREFIX = "viber:"

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

type Leg = "sms" | "viber"

interface Prepared {
  msg: OutboundMessage
  msisdn: string
  reference: string
  sender: string
  fallbackSender: string | null
}

export class BsgProvider implements MessagingProvider {
  static readonly identifier = "bsg" as const
  static readonly label = "BSG.World"
  static readonly capabilities: Readonly<ProviderCapabilities> = {
    channels: ["sms", "viber", "omni"],
    maxBatchSize: 50,
    maxTextLength: 1000,
    ratePerSecond: 10,
    nativeOmni: true,
    lookupByReference: true,
    // BSG callbacks carry no signature: delivery states are polled
    webhooks: false,
    balance: true,
    deliveryReports: true,
    // replies to 2-way senders are listed at /sms/2wayIncoming (polled)
    inbound: "poll",
  }
  /** What the admin asks for; `secret` fields are masked and re-entered when the account moves. */
  static readonly fields = [field.secret("api_key", true), field.text("sender"), field.text("viber_sender"), field.number("tariff"), field.number("timeout_ms"), field.boolean("poll_replies")]
  static readonly optionsSchema = accountOptionsSchema("bsg", BsgProvider.fields)

  readonly type = BsgProvider.identifier
  readonly capabilities = BsgProvider.capabilities
  private readonly http: HttpClient
  private readonly sender: string | null
  private readonly viberSender: string | null
  private readonly tariff: number | null

  constructor(config: unknown, hooks: ProviderHooks = {}) {
    const cfg = asConfigObject("bsg", config)
    const apiKey = requiredString("bsg", cfg, "api_key")
    this.sender = optionalString("bsg", cfg, "sender")
    this.viberSender = optionalString("bsg", cfg, "viber_sender")
    this.tariff = optionalNumber("bsg", cfg, "tariff", { min: 0, integer: true })
    this.http = new HttpClient({
      provider: "bsg",
      baseUrl: baseUrl("bsg", cfg, "base_url", BSG_DEFAULT_BASE_URL),
      timeoutMs: timeoutMs("bsg", cfg),
      headers: { "X-API-KEY": apiKey },
      secrets: [apiKey],
      hooks,
    })
  }

  // ───────────────────────────── send ─────────────────────────────

  async send(batch: OutboundMessage[]): Promise<SendResult[]> {
    const results = new Map<string, SendResult>()
    const sms: Prepared[] = []
    const viber: Prepared[] = []
    const seen = new Set<string>()
    for (const msg of batch) {
      if (seen.has(msg.id)) continue // same message twice: one send, same result
      seen.add(msg.id)
      const prepared = this.prepare(msg)
      if ("outcome" in prepared) results.set(msg.id, prepared)
      else if (msg.channel === "sms") sms.push(prepared)
      else viber.push(prepared)
    }
    await Promise.all([this.sendSms(sms, results), this.sendViber(viber, results)])
    return batch.map(
      (m) =>
        results.get(m.id) ??
        retry(m.id, { kind: "unknown", code: "no_result", reason: "BSG answered without a result for this message", maybe_accepted: true })
    )
  }

  private prepare(msg: OutboundMessage): Prepared | SendResult {
    if (msg.channel !== "sms" && msg.channel !== "viber" && msg.channel !== "omni") {
      return failed(msg.id, { kind: "bad_request", code: "unsupported_channel", reason: `BSG does not send ${msg.channel} messages` })
    }
    if (!msg.text || msg.text.trim() === "") {
      return failed(msg.id, { kind: "bad_request", code: "empty_text", reason: "message text is empty" })
    }
    const msisdn = digitsOnly(msg.to ?? "")
    if (!isPlausibleMsisdn(msisdn)) {
      return failed(msg.id, { kind: "invalid_recipient", code: "invalid_phone", reason: `"${msg.to}" is not a phone number` })
    }
    const smsSender = msg.sender || this.sender
    const sender = msg.channel === "sms" ? smsSender : msg.sender || this.viberSender || this.sender
    if (!sender) {
      return failed(msg.id, { kind: "bad_sender", code: "no_sender", reason: "no sender: set one on the message or the account" })
    }
    if (msg.channel === "sms" && !isValidBsgOriginator(sender)) {
      return failed(msg.id, {
        kind: "bad_sender",
        code: "invalid_originator",
        reason: `sender "${sender}" must be 3–11 letters/digits or up to 15 digits`,
      })
    }
    let fallbackSender: string | null = null
    if (msg.channel === "omni") {
      fallbackSender = msg.fallback_sender || this.sender || sender
      if (!isValidBsgOriginator(fallbackSender)) {
        return failed(msg.id, {
          kind: "bad_sender",
          code: "invalid_originator",
          reason: `SMS fallback sender "${fallbackSender}" must be 3–11 letters/digits or up to 15 digits`,
        })
      }
    }
    return { msg, msisdn, reference: bsgReference(msg.id), sender, fallbackSender }
  }

  private async sendSms(items: Prepared[], results: Map<string, SendResult>): Promise<void> {
    if (items.length === 0) return
    const byValidity = groupBy(items, (p) => String(smsValidityHours(p.msg.validity_seconds)))
    const requests: Prepared[][] = []
    for (const group of byValidity) requests.push(...chunkUnique(group, BSG_MAX_BATCH, (p) => p.msisdn))
    await mapWithConcurrency(requests, 2, async (chunk) => {
      const validity = smsValidityHours(chunk[0].msg.validity_seconds)
      const tariff = this.tariff ?? 0
      let body: Record<string, unknown>
      if (chunk.length === 1) {
        const p = chunk[0]
        body = { destination: "phone", msisdn: p.msisdn, originator: p.sender, body: p.msg.text, reference: p.reference, validity, tariff }
      } else if (chunk.every((p) => p.msg.text === chunk[0].msg.text && p.sender === chunk[0].sender)) {
        body = {
          destination: "phones",
          originator: chunk[0].sender,
          body: chunk[0].msg.text,
          validity,
          tariff,
          phones: chunk.map((p) => ({ msisdn: p.msisdn, reference: p.reference })),
        }
      } else {
        body = {
          destination: "individual",
          validity,
          tariff,
          phones: chunk.map((p) => ({ msisdn: p.msisdn, originator: p.sender, body: p.msg.text, reference: p.reference })),
        }
      }
      const res = await this.http.request({ operation: "send", method: "POST", path: "/sms/create", json: body })
      await this.applyCreateResponse(res, chunk, "sms", results)
    })
  }

  private async sendViber(items: Prepared[], results: Map<string, SendResult>): Promise<void> {
    if (items.length === 0) return
    const byValidity = groupBy(items, (p) => String(viberValiditySeconds(p.msg.validity_seconds)))
    const requests: Prepared[][] = []
    for (const group of byValidity) requests.push(...chunkUnique(group, BSG_MAX_BATCH, (p) => p.msisdn))
    await mapWithConcurrency(requests, 2, async (chunk) => {
      const body = {
        validity: viberValiditySeconds(chunk[0].msg.validity_seconds),
        tariff: this.tariff ?? 0,
        messages: chunk.map((p) => {
          const viberOptions: Record<string, unknown> = {}
          if (p.msg.viber?.image_url) viberOptions.img = p.msg.viber.image_url
          if (p.msg.viber?.button_caption && p.msg.viber?.button_url) {
            viberOptions.caption = p.msg.viber.button_caption
            viberOptions.action = p.msg.viber.button_url
          }
          if (p.msg.channel === "omni") {
            viberOptions.alt_route = { originator: p.fallbackSender, text: p.msg.fallback_text || p.msg.text }
          }
          const m: Record<string, unknown> = {
            to: [{ msisdn: p.msisdn, reference: p.reference }],
            text: p.msg.text,
            alpha_name: p.sender,
            is_promotional: false,
          }
          if (Object.keys(viberOptions).length > 0) m.options = { viber: viberOptions }
          return m
        }),
      }
      const res = await this.http.request({ operation: "send", method: "POST", path: "/viber/create", json: body })
      await this.applyCreateResponse(res, chunk, "viber", results)
    })
  }

  /** Map a /sms/create or /viber/create answer onto the messages of that request. */
  private async applyCreateResponse(res: HttpResult, chunk: Prepared[], leg: Leg, results: Map<string, SendResult>): Promise<void> {
    const all = (f: (p: Prepared) => SendResult) => chunk.forEach((p) => results.set(p.msg.id, f(p)))
    if (!res.ok) return all((p) => fromTransport(p.msg.id, res.failure))
    const requestFailure = this.httpLevelFailure(res)
    if (requestFailure) return all((p) => failed(p.msg.id, requestFailure))

    const body = res.json as Record<string, any>
    const items: unknown[] = Array.isArray(body.result) ? body.result : isRecord(body.result) ? [body.result] : []
    const topError = codeOf(body.error)
    if (items.length === 0) {
      if (topError !== null && topError !== 0) {
        const f = mapBsgError(topError, body.errorDescription)
        return all((p) => failed(p.msg.id, f))
      }
      return all((p) => failed(p.msg.id, { kind: "unavailable", code: "unexpected_response", reason: "BSG answered without a result", maybe_accepted: true }))
    }

    const byReference = new Map(chunk.map((p) => [p.reference, p]))
    const duplicates: Prepared[] = []
    items.forEach((raw, index) => {
      if (!isRecord(raw)) return
      const p = (typeof raw.reference === "string" && byReference.get(raw.reference)) || (items.length === chunk.length ? chunk[index] : undefined)
      if (!p || results.has(p.msg.id)) return
      const code = codeOf(raw.error) ?? (raw.id != null ? 0 : null)
      if (code === 0 && raw.id != null && String(raw.id) !== "") {
        results.set(
          p.msg.id,
          accepted(p.msg.id, leg === "viber" ? VIBER_PREFIX + String(raw.id) : String(raw.id), {
            cost: toNumber(raw.price),
            currency: typeof raw.currency === "string" ? raw.currency : typeof body.currency === "string" ? body.currency : null,
          })
        )
      } else if (code === 23 || code === 43) {
        duplicates.push(p)
      } else {
        const f = code === null || code === 0
          ? { kind: "unknown" as const, code: "no_id", reason: "BSG accepted the message without an id" }
          : mapBsgError(code, raw.errorDescription)
        results.set(p.msg.id, failed(p.msg.id, { ...f, reason: this.http.mask(f.reason) }))
      }
    })
    for (const p of duplicates) results.set(p.msg.id, await this.resolveDuplicate(p, leg))
  }

  /** 23/43: the reference was used before — return the earlier message, never resend. */
  private async resolveDuplicate(p: Prepared, leg: Leg): Promise<SendResult> {
    try {
      const found = await this.lookupReference(p.reference, leg === "viber" ? ["viber", "sms"] : ["sms", "viber"], p.msg.id)
      if (found) {
        return accepted(p.msg.id, found.provider_message_id, { raw_status: found.raw_status, cost: found.cost ?? null, currency: found.currency ?? null })
      }
      return retry(p.msg.id, {
        kind: "duplicate",
        code: leg === "viber" ? "43" : "23",
        reason: "BSG says the reference was already used but cannot find the message yet",
        maybe_accepted: true,
      })
    } catch (err) {
      return retry(p.msg.id, {
        kind: "duplicate",
        code: leg === "viber" ? "43" : "23",
        reason: `reference already used; looking it up failed: ${this.http.mask(String((err as { message?: string } | null)?.message ?? err))}`,
        maybe_accepted: true,
      })
    }
  }

  /** Whole-request failures visible in the HTTP status or a non-JSON body; null = read the body. */
  private httpLevelFailure(res: Extract<HttpResult, { ok: true }>): Failure | null {
    const body = isRecord(res.json) ? res.json : null
    const message = body && typeof body.message === "string" ? this.http.mask(body.message) : null
    if (res.status === 401 || res.status === 403) {
      return { kind: "auth", code: String(res.status), reason: message ?? "API key rejected", account_level: true }
    }
    if (res.status === 422 && message && /insufficient|funds|money|balance/i.test(message)) {
      return { kind: "insufficient_funds", code: "422", reason: message, account_level: true }
    }
    if (res.status === 429) {
      return { kind: "rate_limited", code: "429", reason: message ?? "too many requests", retry_after_ms: retryAfterMs(res.headers) }
    }
    if (res.status >= 500) {
      return { kind: "unavailable", code: `http_${res.status}`, reason: `BSG answered HTTP ${res.status}${message ? `: ${message}` : ""}`, maybe_accepted: res.status === 504 }
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

  // ───────────────────────────── status ─────────────────────────────

  async status(refs: { id: string; provider_message_id?: string | null }[]): Promise<StatusReport[]> {
    const errors: unknown[] = []
    const reports = await mapWithConcurrency(refs, 4, async (ref) => {
      try {
        if (ref.provider_message_id) {
          const pmid = ref.provider_message_id
          const leg: Leg = pmid.startsWith(VIBER_PREFIX) ? "viber" : "sms"
          const rawId = leg === "viber" ? pmid.slice(VIBER_PREFIX.length) : pmid
          const r = await this.fetchStatus(`/${leg}/${encodeURIComponent(rawId)}`, leg, "status", ref.id)
          return r
        }
        return await this.findByReference(ref.id)
      } catch (err) {
        errors.push(err)
        return null
      }
    })
    const out = reports.filter((r): r is StatusReport & { provider_message_id: string } => r !== null)
    // every lookup failed for a reason (down, auth): let the caller see it
    if (refs.length > 0 && errors.length === refs.length) throw errors[0]
    return out
  }

  async findByReference(id: string): Promise<(StatusReport & { provider_message_id: string }) | null> {
    return this.lookupReference(bsgReference(id), ["sms", "viber"], id)
  }

  private async lookupReference(reference: string, legs: Leg[], id: string): Promise<(StatusReport & { provider_message_id: string }) | null> {
    for (const leg of legs) {
      const found = await this.fetchStatus(`/${leg}/reference/${encodeURIComponent(reference)}`, leg, "lookup", id)
      if (found) return found
    }
    return null
  }

  /** GET a status document; null when BSG does not know the message; throws on failure. */
  private async fetchStatus(path: string, leg: Leg, operation: string, id: string | null): Promise<(StatusReport & { provider_message_id: string }) | null> {
    const res = await this.http.request({ operation, method: "GET", path })
    if (!res.ok) throw new ProviderRequestError(NAME, operation, res.failure, true)
    if (res.status === 404) return null
    const f = this.httpLevelFailure(res)
    if (f) throw new ProviderRequestError(NAME, operation, f, f.kind === "unavailable" || f.kind === "rate_limited")
    const body = res.json as Record<string, any>
    const doc = isRecord(body.result) && body.status === undefined ? body.result : body
    const code = codeOf(doc.error ?? body.error)
    if (typeof doc.status !== "string" || doc.id == null) {
      if (code !== null && code !== 0) {
        const mapped = mapBsgError(code, doc.errorDescription ?? body.errorDescription)
        if (mapped.account_level || mapped.kind === "unavailable" || mapped.kind === "rate_limited") {
          throw new ProviderRequestError(NAME, operation, mapped, !mapped.account_level)
        }
      }
      return null // not found
    }
    return this.toReport(doc, leg, id)
  }

  private toReport(doc: Record<string, any>, leg: Leg, id: string | null): StatusReport & { provider_message_id: string } {
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

  // ───────────────────────────── account ─────────────────────────────

  async balance(): Promise<Balance> {
    const body = await this.getJson("/common/balance", "balance")
    const amount = toNumber(body.amount)
    if (amount === null) {
      throw new ProviderRequestError(NAME, "balance", { kind: "unavailable", code: "unexpected_response", reason: "balance answer has no amount" }, true)
    }
    return {
      amount,
      currency: typeof body.currency === "string" ? body.currency : null,
      credit_limit: toNumber(body.limit),
    }
  }

  /** Price list (`GET /sms/prices[/{tariff}]`); tariff defaults to the account's. */
  async prices(tariff: number | null = this.tariff): Promise<BsgPrice[]> {
    const path = tariff === null || tariff === undefined ? "/sms/prices" : `/sms/prices/${encodeURIComponent(String(tariff))}`
    const body = await this.getJson(path, "prices")
    const list: unknown[] = Array.isArray(body.prices) ? body.prices : []
    return list.filter(isRecord).map((p) => ({
      type: String(p.type ?? "sms"),
      country: String(p.country ?? ""),
      mcc: p.mcc != null ? String(p.mcc) : null,
      price: toNumber(p.price) ?? 0,
      currency: String(p.currency ?? ""),
    }))
  }

  /** Health probe: a balance request (checks reachability and the API key). */
  async probe(): Promise<void> {
    await this.balance()
  }

  /**
   * Replies received between `since` and `until` (BSG's 2-way service; error 35 when the
   * account has none). Per BSG's example a row's `sender` is the 2-way sender the customer
   * wrote to and `recipient` the customer's number; the customer is whichever of the two
   * is a phone number, `recipient` first.
   */
  async fetchInbound(since: Date, until: Date): Promise<InboundMessage[]> {
    const query = new URLSearchParams({ start_date: bsgTime(since), end_date: bsgTime(until) })
    const body = await this.getJson(`/sms/2wayIncoming?${query.toString()}`, "inbound")
    const rows: unknown[] = Array.isArray(body.result) ? body.result : []
    const out: InboundMessage[] = []
    for (const row of rows) {
      if (!isRecord(row) || typeof row.message !== "string") continue
      const recipient = digitsOnly(String(row.recipient ?? ""))
      const sender = String(row.sender ?? "")
      const customer = isPlausibleMsisdn(recipient) ? recipient : isPlausibleMsisdn(digitsOnly(sender)) ? digitsOnly(sender) : null
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

  private async getJson(path: string, operation: string): Promise<Record<string, any>> {
    const res = await this.http.request({ operation, method: "GET", path })
    if (!res.ok) throw new ProviderRequestError(NAME, operation, res.failure, true)
    const f = this.httpLevelFailure(res)
    if (f) throw new ProviderRequestError(NAME, operation, f, f.kind === "unavailable" || f.kind === "rate_limited")
    const body = res.json as Record<string, any>
    const code = codeOf(body.error)
    if (code !== null && code !== 0) {
      const mapped = mapBsgError(code, body.errorDescription)
      throw new ProviderRequestError(NAME, operation, mapped, mapped.kind === "unavailable" || mapped.kind === "rate_limited")
    }
    return body
  }

  async parseWebhook(_req: WebhookRequest): Promise<WebhookResult> {
    throw new WebhooksNotSupportedError("bsg", "BSG delivery callbacks carry no signature; delivery states are polled with status()")
  }

  async close(): Promise<void> {
    this.http.close()
  }
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
function bsgTime(d: Date): string {
  return d.toISOString().replace("T", " ").slice(0, 19)
}

/** "2016-09-20 12:34:56" (no zone: taken as UTC) or ISO 8601 → Date. */
function parseBsgTime(v: unknown): Date | null {
  if (typeof v !== "string" || v.trim() === "") return null
  const s = v.trim()
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(s) ? `${s.replace(" ", "T")}Z` : s
  const t = Date.parse(iso)
  return Number.isFinite(t) ? new Date(t) : null
}
