/**
 * Sandbox provider: sends nothing. Records every message in memory (`sent()`), accepts
 * it with an id `sbx_<n>`, and reports it "delivered" once `delivery_delay_ms` has
 * passed (before that: "sent"). Used by the demo and by tests of the layers above.
 *
 * Extra knobs for demos: `fail_recipients` (answered invalid_recipient) and
 * `balance` / `currency` (what balance() reports, default 1000 / null).
 */
import type {
  Balance,
  MessagingProvider,
  OutboundMessage,
  ProviderCapabilities,
  SendResult,
  StatusReport,
  WebhookRequest,
  WebhookResult,
} from "./types"
import { accountOptionsSchema, field } from "./fields"
import { asConfigObject, optionalNumber, optionalString } from "./config"
import { ProviderConfigError, WebhooksNotSupportedError } from "./errors"
import type { ProviderHooks } from "./hooks"
import { accepted, failed } from "./results"

export interface SandboxRecord {
  provider_message_id: string
  message: OutboundMessage
  accepted_at: Date
}

export class SandboxProvider implements MessagingProvider {
  static readonly identifier = "sandbox" as const
  static readonly label = "Sandbox (records messages, sends nothing)"
  /** Sends nothing: no host to reach. */
  static readonly apiHosts: readonly string[] = []
  static readonly capabilities: Readonly<ProviderCapabilities> = {
    channels: ["sms", "viber", "omni", "telegram", "email"],
    maxBatchSize: 100,
    maxTextLength: 100_000,
    ratePerSecond: 1000,
    nativeOmni: true,
    lookupByReference: true,
    webhooks: false,
    balance: true,
    deliveryReports: true,
    inbound: "none",
  }
  /** What the admin asks for; `secret` fields are masked and re-entered when the account moves. */
  static readonly fields = [field.number("delivery_delay_ms"), field.text("currency")]
  static readonly optionsSchema = accountOptionsSchema("sandbox", SandboxProvider.fields)

  readonly type = SandboxProvider.identifier
  readonly capabilities = SandboxProvider.capabilities
  private readonly records: SandboxRecord[] = []
  private readonly byId = new Map<string, SandboxRecord>()
  private readonly byPmid = new Map<string, SandboxRecord>()
  private readonly deliveryDelayMs: number
  private readonly failRecipients: Set<string>
  private readonly balanceAmount: number
  private readonly currency: string | null
  private readonly now: () => number
  private counter = 0

  constructor(config: unknown = {}, hooks: ProviderHooks = {}) {
    const cfg = asConfigObject("sandbox", config ?? {})
    this.deliveryDelayMs = optionalNumber("sandbox", cfg, "delivery_delay_ms", { min: 0 }) ?? 1500
    const fail = cfg.fail_recipients ?? []
    if (!Array.isArray(fail) || fail.some((x) => typeof x !== "string")) {
      throw new ProviderConfigError("sandbox", "fail_recipients", "must be a list of strings")
    }
    this.failRecipients = new Set(fail as string[])
    this.balanceAmount = optionalNumber("sandbox", cfg, "balance") ?? 1000
    this.currency = optionalString("sandbox", cfg, "currency")
    this.now = hooks.now ?? Date.now
  }

  async send(batch: OutboundMessage[]): Promise<SendResult[]> {
    return batch.map((m) => {
      const known = this.byId.get(m.id)
      if (known) return accepted(m.id, known.provider_message_id, { raw_status: "duplicate_reference" })
      if (!m.to || this.failRecipients.has(m.to)) {
        return failed(m.id, {
          kind: "invalid_recipient",
          code: "sandbox_rejected",
          reason: `sandbox rejects recipient "${m.to}"`,
        })
      }
      if (!m.text || m.text.trim() === "")
        return failed(m.id, { kind: "bad_request", code: "empty_text", reason: "message text is empty" })
      const record: SandboxRecord = {
        provider_message_id: `sbx_${++this.counter}`,
        message: { ...m },
        accepted_at: new Date(this.now()),
      }
      this.records.push(record)
      this.byId.set(m.id, record)
      this.byPmid.set(record.provider_message_id, record)
      return accepted(m.id, record.provider_message_id, {
        raw_status: "accepted",
        cost: 0,
        currency: this.currency,
        parts: 1,
      })
    })
  }

  /** Everything accepted so far, oldest first. */
  sent(): SandboxRecord[] {
    return [...this.records]
  }

  private report(r: SandboxRecord): StatusReport & { provider_message_id: string } {
    const deliveredAt = r.accepted_at.getTime() + this.deliveryDelayMs
    const delivered = this.now() >= deliveredAt
    return {
      id: r.message.id,
      provider_message_id: r.provider_message_id,
      status: delivered ? "delivered" : "sent",
      raw_status: delivered ? "delivered" : "accepted",
      channel: r.message.channel,
      occurred_at: delivered ? new Date(deliveredAt) : r.accepted_at,
      cost: 0,
      currency: this.currency,
    }
  }

  async status(refs: { id: string; provider_message_id?: string | null }[]): Promise<StatusReport[]> {
    const out: StatusReport[] = []
    for (const ref of refs) {
      const r = (ref.provider_message_id && this.byPmid.get(ref.provider_message_id)) || this.byId.get(ref.id)
      if (r) out.push(this.report(r))
    }
    return out
  }

  async findByReference(id: string): Promise<(StatusReport & { provider_message_id: string }) | null> {
    const r = this.byId.get(id)
    return r ? this.report(r) : null
  }

  async balance(): Promise<Balance> {
    return { amount: this.balanceAmount, currency: this.currency, credit_limit: null }
  }

  /** Nothing to reach: always healthy. */
  async probe(): Promise<void> {}

  async parseWebhook(_req: WebhookRequest): Promise<WebhookResult> {
    throw new WebhooksNotSupportedError("sandbox", "the sandbox reports delivery through status()")
  }

  async close(): Promise<void> {}
}
