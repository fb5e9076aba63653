/**
 * Twilio Programmable Messaging: one form-encoded POST per message (a batch runs as
 * concurrent requests, at most TWILIO_CONCURRENCY at a time), HTTP Basic
 * AccountSid:AuthToken, answers 201. Delivery states come as signed status callbacks
 * (X-Twilio-Signature, twilio-webhook.ts) or by polling Messages/{sid}.json; inbound SMS
 * arrive on the same webhook.
 *
 * Twilio keeps no client reference, so a message cannot be found by our id:
 * findByReference → null and capabilities.lookupByReference = false.
 */
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
import { ProviderConfigError, ProviderRequestError, requestFailed } from "./errors"
import { HttpClient } from "./http"
import type { HttpResponse } from "./http-response"
import type { ProviderHooks } from "./hooks"
import { lookUpEach, mapWithConcurrency } from "./concurrency"
import { accepted, failed, fromTransport, isRecord, toNumber, type Failure } from "./results"
import { priceOf, twilioErrorOf, twilioSendForm, twilioStatusReport } from "./twilio-protocol"
import { parseTwilioWebhook } from "./twilio-webhook"

export { mapTwilioError, mapTwilioStatus, TWILIO_MAX_BODY } from "./twilio-protocol"

const NAME = "Twilio"
export const TWILIO_DEFAULT_BASE_URL = "https://api.twilio.com"
export const TWILIO_CONCURRENCY = 4

export class TwilioProvider implements MessagingProvider {
  static readonly identifier = "twilio" as const
  static readonly label = "Twilio"
  /** Where its default base URL points: allowed without `allowed_hosts`. */
  static readonly apiHosts: readonly string[] = ["api.twilio.com"]
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
    const checked = twilioSendForm(msg, { from: this.from, messagingServiceSid: this.messagingServiceSid })
    if ("outcome" in checked) return checked
    const res = await this.http.request({
      operation: "send",
      method: "POST",
      path: `${this.accountPath}/Messages.json`,
      form: checked.form,
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
    return twilioErrorOf(res, (t) => this.http.mask(t))
  }

  private async getJson(path: string, operation: string): Promise<Record<string, any> | null> {
    const res = await this.http.request({ operation, method: "GET", path })
    if (!res.ok) throw requestFailed(NAME, operation, res.failure)
    if (res.status === 404) return null
    if (res.status === 200 && isRecord(res.json)) return res.json
    throw requestFailed(NAME, operation, this.errorOf(res))
  }

  async status(refs: { id: string; provider_message_id?: string | null }[]): Promise<StatusReport[]> {
    return lookUpEach(
      refs.filter((r) => r.provider_message_id),
      TWILIO_CONCURRENCY,
      async (ref) => {
        const path = `${this.accountPath}/Messages/${encodeURIComponent(ref.provider_message_id as string)}.json`
        const body = await this.getJson(path, "status")
        return body ? twilioStatusReport(body, ref) : null
      }
    )
  }

  /** Twilio has no client reference: we cannot ask whether it saw our id. */
  async findByReference(_id: string): Promise<(StatusReport & { provider_message_id: string }) | null> {
    return null
  }

  async balance(): Promise<Balance> {
    const body = await this.getJson(`${this.accountPath}/Balance.json`, "balance")
    const amount = toNumber(body?.balance)
    if (!body || amount === null) {
      throw requestFailed(NAME, "balance", {
        kind: "unavailable",
        code: "unexpected_response",
        reason: "balance answer has no balance",
      })
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
    return parseTwilioWebhook(this.authToken, req)
  }

  async close(): Promise<void> {
    this.http.close()
  }
}
