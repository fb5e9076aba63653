/**
 * TurboSMS (api.turbosms.ua): SMS, Viber and hybrid (= our "omni": Viber first, SMS
 * only when Viber fails), status, balance and signed delivery callbacks.
 *
 * The API answers HTTP 200 for every valid request; success or failure is in
 * `response_code` (turbosms-protocol.ts). Sending and reading its answer are in
 * turbosms-send.ts, the callbacks and their signature in turbosms-callback.ts.
 *
 * TurboSMS has no client reference, so a send whose answer was lost cannot be looked
 * up (`findByReference` → null, capability lookupByReference = false).
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
import { ProviderRequestError, requestFailed } from "./errors"
import { HttpClient } from "./http"
import type { ProviderHooks } from "./hooks"
import {
  accountSenders,
  answerToRead,
  checkPhoneMessage,
  forEachRequest,
  readBody,
  sendBatch,
  type AccountSenders,
} from "./phone-batch"
import { chunk, codeOf, failed, isRecord, toNumber } from "./results"
import {
  isAcceptedCode,
  mapTurboSmsCode,
  TURBOSMS_MAX_RECIPIENTS,
  turboSmsHttpLevelFailure,
  turboSmsStatusRow,
} from "./turbosms-protocol"
import { prepareTurboSms, readSendAnswer, turboSmsSendBody, type Prepared } from "./turbosms-send"
import { parseTurboSmsCallback } from "./turbosms-callback"

export { mapTurboSmsCode, mapTurboSmsStatus, TURBOSMS_MAX_RECIPIENTS } from "./turbosms-protocol"
export { turboSmsCallbackSignature } from "./turbosms-callback"

const NAME = "TurboSMS"
export const TURBOSMS_DEFAULT_BASE_URL = "https://api.turbosms.ua"

export class TurboSmsProvider implements MessagingProvider {
  static readonly identifier = "turbosms" as const
  static readonly label = "TurboSMS"
  /** Where its default base URL points: allowed without `allowed_hosts`. */
  static readonly apiHosts: readonly string[] = ["api.turbosms.ua"]
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
  private readonly senders: AccountSenders
  private readonly callbackSecret: string | null

  constructor(config: unknown, hooks: ProviderHooks = {}) {
    const cfg = asConfigObject("turbosms", config)
    const token = requiredString("turbosms", cfg, "token")
    this.senders = accountSenders("turbosms", cfg)
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
    return sendBatch(
      batch,
      (msg) => this.prepare(msg),
      (ready, results) =>
        forEachRequest(
          ready,
          (p) => p.groupKey,
          TURBOSMS_MAX_RECIPIENTS,
          async (items) => {
            const res = await this.http.request({
              operation: "send",
              method: "POST",
              path: "/message/send.json",
              json: turboSmsSendBody(items),
              signal: opts.signal,
            })
            const answer = answerToRead(res, items, results, turboSmsHttpLevelFailure)
            if (answer) for (const [id, result] of readSendAnswer(answer, items)) results.set(id, result)
          }
        ),
      (id) =>
        failed(id, {
          kind: "unknown",
          code: "no_result",
          reason: "TurboSMS answered without a row for this recipient",
        })
    )
  }

  private prepare(msg: OutboundMessage): Prepared | SendResult {
    const checked = checkPhoneMessage(NAME, msg, this.senders)
    return "outcome" in checked ? checked : prepareTurboSms(checked)
  }

  /** A status or balance call: its body, or the ProviderRequestError its answer says. */
  private async call(path: string, operation: string, json: unknown): Promise<Record<string, any>> {
    const res = await this.http.request({ operation, method: "POST", path, json })
    const body = readBody(NAME, operation, res, turboSmsHttpLevelFailure)
    const code = codeOf(body.response_code)
    if (code !== 0 && !isAcceptedCode(code)) {
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
        const report = turboSmsStatusRow(row, (pmid) => byPmid.get(pmid) ?? null)
        if (report) reports.push(report)
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
      throw requestFailed(NAME, "balance", {
        kind: "unavailable",
        code: "unexpected_response",
        reason: "balance answer has no balance",
      })
    }
    return { amount, currency: "UAH", credit_limit: null }
  }

  /** Health probe: a balance request (checks reachability and the token). */
  async probe(): Promise<void> {
    await this.balance()
  }

  async parseWebhook(req: WebhookRequest): Promise<WebhookResult> {
    return parseTurboSmsCallback(this.callbackSecret, req.body)
  }

  async close(): Promise<void> {
    this.http.close()
  }
}
