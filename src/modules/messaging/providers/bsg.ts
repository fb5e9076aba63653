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
import type {
  Balance,
  InboundMessage,
  MessagingProvider,
  OutboundMessage,
  ProviderCapabilities,
  SendResult,
  StatusReport,
  WebhookRequest,
  WebhookResult,
} from "./types"
import { accountOptionsSchema, field } from "./fields"
import { asConfigObject, baseUrl, optionalNumber, optionalString, requiredString, timeoutMs } from "./config"
import { ProviderRequestError, WebhooksNotSupportedError } from "./errors"
import { HttpClient } from "./http"
import type { HttpResult } from "./http-response"
import type { ProviderHooks } from "./hooks"
import { mapWithConcurrency } from "./concurrency"
import { bsgReference } from "./bsg-reference"
import {
  bsgSmsBody,
  bsgTime,
  bsgViberMessage,
  httpLevelFailure,
  isValidBsgOriginator,
  mapBsgError,
  parseBsgInbound,
  smsValidityHours,
  toBsgReport,
  viberValiditySeconds,
  VIBER_PREFIX,
  type Leg,
  type Prepared,
} from "./bsg-protocol"
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
} from "./results"

export { isValidBsgOriginator, mapBsgError, mapBsgStatus, smsValidityHours, viberValiditySeconds } from "./bsg-protocol"

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
  static readonly fields = [
    field.secret("api_key", true),
    field.text("sender"),
    field.text("viber_sender"),
    field.number("tariff"),
    field.number("timeout_ms"),
    field.boolean("poll_replies"),
  ]
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
        retry(m.id, {
          kind: "unknown",
          code: "no_result",
          reason: "BSG answered without a result for this message",
          maybe_accepted: true,
        })
    )
  }

  private prepare(msg: OutboundMessage): Prepared | SendResult {
    if (msg.channel !== "sms" && msg.channel !== "viber" && msg.channel !== "omni") {
      return failed(msg.id, {
        kind: "bad_request",
        code: "unsupported_channel",
        reason: `BSG does not send ${msg.channel} messages`,
      })
    }
    if (!msg.text || msg.text.trim() === "") {
      return failed(msg.id, { kind: "bad_request", code: "empty_text", reason: "message text is empty" })
    }
    const msisdn = digitsOnly(msg.to ?? "")
    if (!isPlausibleMsisdn(msisdn)) {
      return failed(msg.id, {
        kind: "invalid_recipient",
        code: "invalid_phone",
        reason: `"${msg.to}" is not a phone number`,
      })
    }
    const smsSender = msg.sender || this.sender
    const sender = msg.channel === "sms" ? smsSender : msg.sender || this.viberSender || this.sender
    if (!sender) {
      return failed(msg.id, {
        kind: "bad_sender",
        code: "no_sender",
        reason: "no sender: set one on the message or the account",
      })
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
      const body = bsgSmsBody(chunk, smsValidityHours(chunk[0].msg.validity_seconds), this.tariff ?? 0)
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
        messages: chunk.map(bsgViberMessage),
      }
      const res = await this.http.request({ operation: "send", method: "POST", path: "/viber/create", json: body })
      await this.applyCreateResponse(res, chunk, "viber", results)
    })
  }

  /** Map a /sms/create or /viber/create answer onto the messages of that request. */
  private async applyCreateResponse(
    res: HttpResult,
    chunk: Prepared[],
    leg: Leg,
    results: Map<string, SendResult>
  ): Promise<void> {
    const all = (f: (p: Prepared) => SendResult) => chunk.forEach((p) => results.set(p.msg.id, f(p)))
    if (!res.ok) return all((p) => fromTransport(p.msg.id, res.failure))
    const requestFailure = httpLevelFailure(res, (t) => this.http.mask(t))
    if (requestFailure) return all((p) => failed(p.msg.id, requestFailure))

    const body = res.json as Record<string, any>
    const items: unknown[] = Array.isArray(body.result) ? body.result : isRecord(body.result) ? [body.result] : []
    const topError = codeOf(body.error)
    if (items.length === 0) {
      if (topError !== null && topError !== 0) {
        const f = mapBsgError(topError, body.errorDescription)
        return all((p) => failed(p.msg.id, f))
      }
      return all((p) =>
        failed(p.msg.id, {
          kind: "unavailable",
          code: "unexpected_response",
          reason: "BSG answered without a result",
          maybe_accepted: true,
        })
      )
    }

    const byReference = new Map(chunk.map((p) => [p.reference, p]))
    const duplicates: Prepared[] = []
    items.forEach((raw, index) => {
      if (!isRecord(raw)) return
      const p =
        (typeof raw.reference === "string" && byReference.get(raw.reference)) ||
        (items.length === chunk.length ? chunk[index] : undefined)
      if (!p || results.has(p.msg.id)) return
      const code = codeOf(raw.error) ?? (raw.id != null ? 0 : null)
      if (code === 0 && raw.id != null && String(raw.id) !== "") {
        results.set(
          p.msg.id,
          accepted(p.msg.id, leg === "viber" ? VIBER_PREFIX + String(raw.id) : String(raw.id), {
            cost: toNumber(raw.price),
            currency:
              typeof raw.currency === "string"
                ? raw.currency
                : typeof body.currency === "string"
                  ? body.currency
                  : null,
          })
        )
      } else if (code === 23 || code === 43) {
        duplicates.push(p)
      } else {
        const f =
          code === null || code === 0
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
      const found = await this.lookupReference(
        p.reference,
        leg === "viber" ? ["viber", "sms"] : ["sms", "viber"],
        p.msg.id
      )
      if (found) {
        return accepted(p.msg.id, found.provider_message_id, {
          raw_status: found.raw_status,
          cost: found.cost ?? null,
          currency: found.currency ?? null,
        })
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

  private async lookupReference(
    reference: string,
    legs: Leg[],
    id: string
  ): Promise<(StatusReport & { provider_message_id: string }) | null> {
    for (const leg of legs) {
      const found = await this.fetchStatus(`/${leg}/reference/${encodeURIComponent(reference)}`, leg, "lookup", id)
      if (found) return found
    }
    return null
  }

  /** GET a status document; null when BSG does not know the message; throws on failure. */
  private async fetchStatus(
    path: string,
    leg: Leg,
    operation: string,
    id: string | null
  ): Promise<(StatusReport & { provider_message_id: string }) | null> {
    const res = await this.http.request({ operation, method: "GET", path })
    if (!res.ok) throw new ProviderRequestError(NAME, operation, res.failure, true)
    if (res.status === 404) return null
    const f = httpLevelFailure(res, (t) => this.http.mask(t))
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
    return toBsgReport(doc, leg, id)
  }

  // ───────────────────────────── account ─────────────────────────────

  async balance(): Promise<Balance> {
    const body = await this.getJson("/common/balance", "balance")
    const amount = toNumber(body.amount)
    if (amount === null) {
      throw new ProviderRequestError(
        NAME,
        "balance",
        { kind: "unavailable", code: "unexpected_response", reason: "balance answer has no amount" },
        true
      )
    }
    return {
      amount,
      currency: typeof body.currency === "string" ? body.currency : null,
      credit_limit: toNumber(body.limit),
    }
  }

  /** Price list (`GET /sms/prices[/{tariff}]`); tariff defaults to the account's. */
  async prices(tariff: number | null = this.tariff): Promise<BsgPrice[]> {
    const path =
      tariff === null || tariff === undefined ? "/sms/prices" : `/sms/prices/${encodeURIComponent(String(tariff))}`
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
    return parseBsgInbound(Array.isArray(body.result) ? body.result : [], until)
  }

  private async getJson(path: string, operation: string): Promise<Record<string, any>> {
    const res = await this.http.request({ operation, method: "GET", path })
    if (!res.ok) throw new ProviderRequestError(NAME, operation, res.failure, true)
    const f = httpLevelFailure(res, (t) => this.http.mask(t))
    if (f) throw new ProviderRequestError(NAME, operation, f, f.kind === "unavailable" || f.kind === "rate_limited")
    const body = res.json as Record<string, any>
    const code = codeOf(body.error)
    if (code !== null && code !== 0) {
      const mapped = mapBsgError(code, body.errorDescription)
      throw new ProviderRequestError(
        NAME,
        operation,
        mapped,
        mapped.kind === "unavailable" || mapped.kind === "rate_limited"
      )
    }
    return body
  }

  async parseWebhook(_req: WebhookRequest): Promise<WebhookResult> {
    throw new WebhooksNotSupportedError(
      "bsg",
      "BSG delivery callbacks carry no signature; delivery states are polled with status()"
    )
  }

  async close(): Promise<void> {
    this.http.close()
  }
}
