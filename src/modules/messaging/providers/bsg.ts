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
import { asConfigObject, baseUrl, optionalNumber, requiredString, timeoutMs } from "./config"
import { requestFailed, WebhooksNotSupportedError } from "./errors"
import { HttpClient } from "./http"
import type { HttpResponse } from "./http-response"
import type { ProviderHooks } from "./hooks"
import { lookUpEach } from "./concurrency"
import { bsgReference } from "./bsg-reference"
import {
  bsgTime,
  httpLevelFailure,
  isValidBsgOriginator,
  mapBsgError,
  parseBsgInbound,
  parseBsgPrices,
  type BsgPrice,
  smsValidityHours,
  viberValiditySeconds,
  type Leg,
} from "./bsg-protocol"
import { bsgSmsBody, bsgViberBody, readCreateAnswer, type Prepared } from "./bsg-create"
import { bsgStatusPath, fetchBsgStatus, lookUpBsgReference, type FoundStatus } from "./bsg-status"
import {
  accountSenders,
  answerToRead,
  checkPhoneMessage,
  forEachRequest,
  readBody,
  sendBatch,
  type AccountSenders,
} from "./phone-batch"
import { accepted, codeOf, failed, retry, toNumber } from "./results"

export {
  isValidBsgOriginator,
  mapBsgError,
  mapBsgStatus,
  smsValidityHours,
  viberValiditySeconds,
  type BsgPrice,
} from "./bsg-protocol"

const NAME = "BSG"
export const BSG_DEFAULT_BASE_URL = "https://api.bsg.world/rest"
export const BSG_MAX_BATCH = 50

export class BsgProvider implements MessagingProvider {
  static readonly identifier = "bsg" as const
  static readonly label = "BSG.World"
  /** Where its default base URL points: allowed without `allowed_hosts`. */
  static readonly apiHosts: readonly string[] = ["api.bsg.world"]
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
  private readonly senders: AccountSenders
  private readonly tariff: number | null

  constructor(config: unknown, hooks: ProviderHooks = {}) {
    const cfg = asConfigObject("bsg", config)
    const apiKey = requiredString("bsg", cfg, "api_key")
    this.senders = accountSenders("bsg", cfg)
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
    return sendBatch(
      batch,
      (msg) => this.prepare(msg),
      async (ready, results) => {
        const sms = ready.filter((p) => p.msg.channel === "sms")
        const viber = ready.filter((p) => p.msg.channel !== "sms")
        await Promise.all([this.sendLeg("sms", sms, results), this.sendLeg("viber", viber, results)])
      },
      (id) =>
        retry(id, {
          kind: "unknown",
          code: "no_result",
          reason: "BSG answered without a result for this message",
          maybe_accepted: true,
        })
    )
  }

  /** The shared checks, then BSG's originator rules for the SMS leg and the Omni fallback. */
  private prepare(msg: OutboundMessage): Prepared | SendResult {
    const checked = checkPhoneMessage(NAME, msg, this.senders)
    if ("outcome" in checked) return checked
    const badOriginator = (what: string, sender: string) =>
      failed(msg.id, {
        kind: "bad_sender",
        code: "invalid_originator",
        reason: `${what} "${sender}" must be 3–11 letters/digits or up to 15 digits`,
      })
    if (msg.channel === "sms" && !isValidBsgOriginator(checked.sender)) return badOriginator("sender", checked.sender)
    if (checked.fallbackSender !== null && !isValidBsgOriginator(checked.fallbackSender)) {
      return badOriginator("SMS fallback sender", checked.fallbackSender)
    }
    return { ...checked, reference: bsgReference(msg.id) }
  }

  /** SMS go to /sms/create, Viber and Omni to /viber/create; one validity per request. */
  private async sendLeg(leg: Leg, items: Prepared[], results: Map<string, SendResult>): Promise<void> {
    const validity = (p: Prepared) =>
      leg === "sms" ? smsValidityHours(p.msg.validity_seconds) : viberValiditySeconds(p.msg.validity_seconds)
    const build = leg === "sms" ? bsgSmsBody : bsgViberBody
    await forEachRequest(
      items,
      (p) => String(validity(p)),
      BSG_MAX_BATCH,
      async (chunk) => {
        const json = build(chunk, validity(chunk[0]), this.tariff ?? 0)
        const res = await this.http.request({ operation: "send", method: "POST", path: `/${leg}/create`, json })
        const answer = answerToRead(res, chunk, results, this.httpLevel)
        if (!answer) return
        const read = readCreateAnswer(answer, chunk, leg, (t) => this.http.mask(t))
        for (const [id, result] of read.results) results.set(id, result)
        for (const p of read.duplicates) results.set(p.msg.id, await this.resolveDuplicate(p, leg))
      }
    )
  }

  private readonly httpLevel = (res: HttpResponse) => httpLevelFailure(res, (t) => this.http.mask(t))

  /** 23/43: the reference was used before — return the earlier message, never resend. */
  private async resolveDuplicate(p: Prepared, leg: Leg): Promise<SendResult> {
    try {
      const legs: Leg[] = leg === "viber" ? ["viber", "sms"] : ["sms", "viber"]
      const found = await lookUpBsgReference(this.http, p.reference, legs, p.msg.id)
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
    return lookUpEach(refs, 4, async (ref) => {
      if (!ref.provider_message_id) return this.findByReference(ref.id)
      const { leg, path } = bsgStatusPath(ref.provider_message_id)
      return fetchBsgStatus(this.http, path, leg, "status", ref.id)
    })
  }

  async findByReference(id: string): Promise<FoundStatus | null> {
    return lookUpBsgReference(this.http, bsgReference(id), ["sms", "viber"], id)
  }

  // ───────────────────────────── account ─────────────────────────────

  async balance(): Promise<Balance> {
    const body = await this.getJson("/common/balance", "balance")
    const amount = toNumber(body.amount)
    if (amount === null) {
      throw requestFailed(NAME, "balance", {
        kind: "unavailable",
        code: "unexpected_response",
        reason: "balance answer has no amount",
      })
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
    return parseBsgPrices(await this.getJson(path, "prices"))
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
    const body = readBody(NAME, operation, res, this.httpLevel)
    const code = codeOf(body.error)
    if (code !== null && code !== 0) throw requestFailed(NAME, operation, mapBsgError(code, body.errorDescription))
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
