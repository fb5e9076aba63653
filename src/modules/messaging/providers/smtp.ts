/**
 * E-mail over SMTP with a pooled nodemailer transport (channel "email").
 *
 *  - Message-ID is `<our-id@medusa-plugin-messaging>`, so a message can be found in
 *    mail logs by our id; provider_message_id is that Message-ID,
 *  - SMTP 5xx on a recipient (550/551/553) → invalid_recipient; other 5xx → bad_request;
 *    4xx and connection/timeout problems → retry "unavailable"; auth failure → auth,
 *  - the password is masked out of every error text and exchange summary,
 *  - `timeout_ms` is a hard total deadline per message: nodemailer's own timeouts only
 *    bound silence, so sendMail is raced against a timer; on the deadline the result is
 *    "maybe accepted" (the relay may have the message) and the transport it ran on is
 *    retired (new messages get a fresh one) and closed once its other messages settle,
 *    which drops the hanging connection.
 *
 * SMTP has no delivery reports or balance: status() answers "sent" for accepted
 * messages (the relay's acceptance is the last thing we learn) and balance() throws
 * ProviderNotSupportedError.
 */
import nodemailer, { type Transporter } from "nodemailer"
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
import { asConfigObject, optionalBoolean, optionalNumber, optionalString, requiredString, timeoutMs } from "./config"
import {
  ProviderConfigError,
  ProviderNotSupportedError,
  ProviderRequestError,
  WebhooksNotSupportedError,
} from "./errors"
import { mapWithConcurrency } from "./concurrency"
import { reportExchange, type ExchangeEntry, type ProviderHooks } from "./hooks"
import { maskSecrets, maskString } from "./mask"
import { guardedSmtpSocket } from "./allowed-hosts"
import { accepted, failed } from "./results"
import { mapSmtpError, smtpMail } from "./smtp-protocol"

export { mapSmtpError, MESSAGE_ID_DOMAIN, smtpMessageId } from "./smtp-protocol"

const NAME = "SMTP"
/** A transport and the messages still running on it. */
interface Lane {
  transporter: Transporter
  inFlight: number
  retired: boolean
}

export class SmtpProvider implements MessagingProvider {
  static readonly identifier = "smtp" as const
  static readonly label = "SMTP (e-mail)"
  static readonly apiHosts: readonly string[] = []
  /** The shop picks its relay (`config.host`): any public host, no base_url. */
  static readonly relay = true
  static readonly capabilities: Readonly<ProviderCapabilities> = {
    channels: ["email"],
    maxBatchSize: 20,
    maxTextLength: 1_000_000,
    ratePerSecond: 10,
    nativeOmni: false,
    lookupByReference: false,
    webhooks: false,
    balance: false,
    // an SMTP relay's acceptance is the last thing we ever learn ("sent")
    deliveryReports: false,
    inbound: "none",
  }
  /** What the admin asks for; `secret` fields are masked and re-entered when the account moves. */
  static readonly fields = [
    field.credential("user"),
    field.secret("password"),
    field.text("host", true),
    field.number("port"),
    field.boolean("secure"),
    field.text("from", true),
  ]
  static readonly optionsSchema = accountOptionsSchema("smtp", SmtpProvider.fields)

  readonly type = SmtpProvider.identifier
  readonly capabilities = SmtpProvider.capabilities
  private lane: Lane
  private readonly makeTransport: () => Transporter
  private readonly deadlineMs: number
  private readonly from: string
  private readonly secrets: string[]
  private readonly endpoint: string
  private readonly hooks: ProviderHooks

  constructor(config: unknown, hooks: ProviderHooks = {}) {
    const cfg = asConfigObject("smtp", config)
    const host = requiredString("smtp", cfg, "host")
    const port = optionalNumber("smtp", cfg, "port", { min: 1, max: 65535, integer: true })
    if (port === null) throw new ProviderConfigError("smtp", "port", "is required (1–65535)")
    this.from = requiredString("smtp", cfg, "from")
    const user = optionalString("smtp", cfg, "user")
    const password = typeof cfg.password === "string" && cfg.password !== "" ? cfg.password : null
    if (password && !user) throw new ProviderConfigError("smtp", "user", "is required when a password is set")
    if (user && !password) throw new ProviderConfigError("smtp", "password", "is required when a user is set")
    const secure = optionalBoolean("smtp", cfg, "secure") ?? port === 465
    const pool = optionalBoolean("smtp", cfg, "pool") ?? true
    const timeout = timeoutMs("smtp", cfg)
    this.secrets = password ? [password] : []
    this.endpoint = `smtp://${host}:${port}`
    this.hooks = hooks
    const options = {
      host,
      port,
      secure,
      auth: user && password ? { user, pass: password } : undefined,
      // nodemailer's own timeouts bound silence; they fire before the total deadline
      connectionTimeout: Math.max(1, Math.floor(timeout * 0.8)),
      greetingTimeout: Math.max(1, Math.floor(timeout * 0.8)),
      socketTimeout: timeout,
      logger: false,
      debug: false,
      getSocket: guardedSmtpSocket(hooks.hostPolicy, timeout),
    }
    this.deadlineMs = timeout
    this.makeTransport = () =>
      pool
        ? nodemailer.createTransport({ ...options, pool: true, maxConnections: 3, maxMessages: 100 })
        : nodemailer.createTransport(options)
    this.lane = { transporter: this.makeTransport(), inFlight: 0, retired: false }
  }

  private get transporter(): Transporter {
    return this.lane.transporter
  }

  async send(batch: OutboundMessage[], opts: SendOptions = {}): Promise<SendResult[]> {
    return mapWithConcurrency(batch, 3, (m) => this.sendOne(m, opts.signal ?? null))
  }

  /**
   * sendMail under a hard deadline (and the caller's signal). Past it the answer no
   * longer matters: the transport is retired and closed when its last message settles.
   */
  private deliver(mail: Parameters<Transporter["sendMail"]>[0], signal: AbortSignal | null): Promise<any> {
    const lane = this.lane
    lane.inFlight++
    return new Promise((resolve, reject) => {
      let settled = false
      const finish = (fn: () => void) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        signal?.removeEventListener("abort", onAbort)
        lane.inFlight--
        if (lane.retired && lane.inFlight === 0) lane.transporter.close()
        fn()
      }
      const giveUp = (why: string) => {
        if (!lane.retired) {
          lane.retired = true
          if (this.lane === lane) this.lane = { transporter: this.makeTransport(), inFlight: 0, retired: false }
        }
        finish(() => reject(Object.assign(new Error(why), { code: "EDEADLINE" })))
      }
      const timer = setTimeout(() => giveUp(`no answer within the ${this.deadlineMs} ms deadline`), this.deadlineMs)
      const onAbort = () => giveUp("stopped waiting: the claim on this message was running out")
      signal?.addEventListener("abort", onAbort, { once: true })
      lane.transporter.sendMail(mail).then(
        (info) => finish(() => resolve(info)),
        (err) => finish(() => reject(err))
      )
    })
  }

  private async sendOne(msg: OutboundMessage, signal: AbortSignal | null = null): Promise<SendResult> {
    const checked = smtpMail(msg, this.from)
    if ("outcome" in checked) return checked
    const { from, to, subject, messageId } = checked
    if (signal?.aborted) {
      return failed(msg.id, {
        kind: "unavailable",
        code: "not_sent",
        reason: "not sent: the claim on this message ran out",
      })
    }
    const started = Date.now()
    try {
      const info = await this.deliver(
        { from, to, subject, text: msg.text, html: msg.html ?? undefined, messageId },
        signal
      )
      const rejected = (info.rejected ?? []).map(String)
      this.report(
        "send",
        { from, to, subject, messageId, text_length: msg.text?.length ?? 0 },
        250,
        info.response ?? null,
        started
      )
      if (rejected.length > 0 && (info.accepted ?? []).length === 0) {
        return failed(msg.id, {
          kind: "invalid_recipient",
          code: "rejected",
          reason: `relay rejected ${rejected.join(", ")}`,
        })
      }
      return accepted(msg.id, info.messageId || messageId, {
        raw_status: maskString(String(info.response ?? "accepted"), this.secrets),
      })
    } catch (err: any) {
      const f = mapSmtpError(err, this.secrets)
      this.report(
        "send",
        { from, to, subject, messageId, text_length: msg.text?.length ?? 0 },
        err?.responseCode ?? null,
        err?.response ?? null,
        started,
        f.reason
      )
      return failed(msg.id, f)
    }
  }

  private report(
    operation: string,
    request: unknown,
    status: number | null,
    response: unknown,
    started: number,
    error?: string
  ) {
    reportExchange(this.hooks, () => {
      const entry: ExchangeEntry = {
        provider: "smtp",
        operation,
        method: "SMTP",
        url: this.endpoint,
        request_summary: maskSecrets(request, this.secrets),
        status,
        response_summary: maskSecrets(response, this.secrets),
        duration_ms: Date.now() - started,
      }
      if (error) entry.error = maskString(error, this.secrets)
      return entry
    })
  }

  /** No delivery reports over SMTP: accepted messages stay "sent". */
  async status(refs: { id: string; provider_message_id?: string | null }[]): Promise<StatusReport[]> {
    return refs
      .filter((r) => r.provider_message_id)
      .map((r) => ({
        id: r.id,
        provider_message_id: r.provider_message_id,
        status: "sent" as const,
        raw_status: "accepted_by_relay",
        channel: "email" as const,
      }))
  }

  async findByReference(_id: string): Promise<(StatusReport & { provider_message_id: string }) | null> {
    return null
  }

  async balance(): Promise<Balance> {
    throw new ProviderNotSupportedError("smtp", "balance", "an SMTP relay has no balance")
  }

  /** Health probe: connect, EHLO and authenticate (transporter.verify()). */
  async probe(): Promise<void> {
    const started = Date.now()
    try {
      await this.transporter.verify()
      this.report("probe", null, 250, "verified", started)
    } catch (err: any) {
      const f = mapSmtpError(err, this.secrets)
      this.report("probe", null, err?.responseCode ?? null, err?.response ?? null, started, f.reason)
      throw new ProviderRequestError(NAME, "probe", f, f.kind === "unavailable")
    }
  }

  async parseWebhook(_req: WebhookRequest): Promise<WebhookResult> {
    throw new WebhooksNotSupportedError("smtp", "SMTP has no delivery callbacks")
  }

  async close(): Promise<void> {
    this.lane.retired = true
    this.transporter.close()
  }
}
