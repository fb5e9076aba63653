/**
 * Telegram Bot API for staff notifications (chats, groups, channels).
 *
 *  - sendMessage with parse_mode HTML (our text is escaped) and link previews off,
 *  - texts above 4096 UTF-16 units are split into several messages (same chat, in
 *    order); provider_message_id is the first part's message_id,
 *  - 429: waits `retry_after` once inside the call when it is short
 *    (≤ TELEGRAM_INLINE_RETRY_MAX_S), otherwise returns retry (kind "throttled",
 *    which the health logic does not count) with retry_after_ms,
 *  - "group chat was upgraded to a supergroup": resends to migrate_to_chat_id and
 *    returns `migrated_to` so the caller can store the new id,
 *  - chat not found / bot blocked / not a member → invalid_recipient; 401/404 → auth.
 *
 * Decisions: Telegram has no balance (balance() throws ProviderNotSupportedError,
 * capabilities.balance = false) and no delivery reports: a sendMessage success means
 * the message is in the chat, so status() reports accepted messages as "delivered".
 * If a long text fails after some parts went out, the result is still "accepted"
 * (resending would duplicate the parts already in the chat) with raw_status
 * "partial: k/n parts sent; …".
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
import { asConfigObject, baseUrl, requiredString, timeoutMs } from "./config"
import {
  ProviderConfigError,
  ProviderNotSupportedError,
  ProviderRequestError,
  WebhooksNotSupportedError,
} from "./errors"
import { HttpClient } from "./http"
import { bodyFailure } from "./http-failures"
import type { HttpResult } from "./http-response"
import type { ProviderHooks } from "./hooks"
import { defaultSleep, mapWithConcurrency } from "./concurrency"
import { accepted, failed, groupBy, isRecord, toNumber, type Failure } from "./results"
import { escapeTelegramHtml, splitTelegramText, TELEGRAM_MESSAGE_LIMIT } from "./telegram-text"

const NAME = "Telegram"
export const TELEGRAM_DEFAULT_BASE_URL = "https://api.telegram.org"
/** Longest retry_after (seconds) waited inside send(); longer → retry later. */
export const TELEGRAM_INLINE_RETRY_MAX_S = 3

type ApiOutcome =
  { ok: true; result: any } | { ok: false; failure: Failure; retryAfterS: number | null; migrateTo: string | null }

export class TelegramProvider implements MessagingProvider {
  static readonly identifier = "telegram" as const
  static readonly label = "Telegram Bot API"
  /** Where its default base URL points: allowed without `allowed_hosts`. */
  static readonly apiHosts: readonly string[] = ["api.telegram.org"]
  static readonly capabilities: Readonly<ProviderCapabilities> = {
    channels: ["telegram"],
    maxBatchSize: 20,
    // split into ≤ 4096-unit messages by the adapter
    maxTextLength: TELEGRAM_MESSAGE_LIMIT * 4,
    ratePerSecond: 25,
    nativeOmni: false,
    lookupByReference: false,
    webhooks: false,
    // no balance API; a sendMessage success means the message is in the chat
    balance: false,
    deliveryReports: false,
    inbound: "none",
  }
  /** What the admin asks for; `secret` fields are masked and re-entered when the account moves. */
  static readonly fields = [field.secret("bot_token", true), field.number("timeout_ms")]
  static readonly optionsSchema = accountOptionsSchema("telegram", TelegramProvider.fields)

  readonly type = TelegramProvider.identifier
  readonly capabilities = TelegramProvider.capabilities
  private readonly http: HttpClient
  private readonly sleep: (ms: number) => Promise<void>

  constructor(config: unknown, hooks: ProviderHooks = {}) {
    const cfg = asConfigObject("telegram", config)
    const token = requiredString("telegram", cfg, "bot_token")
    if (!/^\d+:[A-Za-z0-9_-]+$/.test(token))
      throw new ProviderConfigError("telegram", "bot_token", 'must look like "123456:ABC-DEF…" (from @BotFather)')
    this.sleep = hooks.sleep ?? defaultSleep
    this.http = new HttpClient({
      provider: "telegram",
      baseUrl: `${baseUrl("telegram", cfg, "base_url", TELEGRAM_DEFAULT_BASE_URL)}/bot${token}`,
      timeoutMs: timeoutMs("telegram", cfg),
      secrets: [token],
      hooks,
    })
  }

  async send(batch: OutboundMessage[], opts: SendOptions = {}): Promise<SendResult[]> {
    const results = new Map<OutboundMessage, SendResult>()
    // one chat's messages in order; different chats in parallel
    const byChat = groupBy(batch, (m) => String(m.to))
    await mapWithConcurrency(byChat, 4, async (messages) => {
      for (const m of messages) results.set(m, await this.sendOne(m, opts.signal ?? null))
    })
    return batch.map((m) => results.get(m) as SendResult)
  }

  private async sendOne(msg: OutboundMessage, signal: AbortSignal | null = null): Promise<SendResult> {
    if (msg.channel !== "telegram") {
      return failed(msg.id, {
        kind: "bad_request",
        code: "unsupported_channel",
        reason: `Telegram does not send ${msg.channel} messages`,
      })
    }
    if (!msg.text || msg.text.trim() === "")
      return failed(msg.id, { kind: "bad_request", code: "empty_text", reason: "message text is empty" })
    const to = String(msg.to ?? "").trim()
    if (!/^-?\d+$/.test(to) && !/^@[A-Za-z0-9_]{5,}$/.test(to)) {
      return failed(msg.id, {
        kind: "invalid_recipient",
        code: "invalid_chat_id",
        reason: `"${msg.to}" is not a Telegram chat id or @channel`,
      })
    }
    let chatId: string | number = /^-?\d+$/.test(to) ? Number(to) : to
    let migratedTo: string | null = null
    const parts = splitTelegramText(msg.text)
    const ids: string[] = []

    for (let i = 0; i < parts.length; i++) {
      const payload = () => ({
        chat_id: chatId,
        text: escapeTelegramHtml(parts[i]),
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
      })
      let outcome = await this.call("sendMessage", "send", payload(), signal)
      let waited = false
      let migrated = false
      while (!outcome.ok) {
        if (outcome.migrateTo && !migrated) {
          migrated = true
          migratedTo = outcome.migrateTo
          chatId = Number(outcome.migrateTo)
        } else if (outcome.retryAfterS !== null && outcome.retryAfterS <= TELEGRAM_INLINE_RETRY_MAX_S && !waited) {
          waited = true
          await this.sleep(outcome.retryAfterS * 1000)
        } else {
          break
        }
        outcome = await this.call("sendMessage", "send", payload(), signal)
      }
      if (!outcome.ok) {
        if (ids.length === 0) return failed(msg.id, outcome.failure)
        return accepted(msg.id, ids[0], {
          parts: ids.length,
          migrated_to: migratedTo,
          raw_status: `partial: ${ids.length}/${parts.length} parts sent; ${outcome.failure.reason}`,
        })
      }
      ids.push(String(outcome.result?.message_id ?? ""))
    }
    return accepted(msg.id, ids[0], { parts: parts.length, migrated_to: migratedTo, raw_status: "sent" })
  }

  /** Call a Bot API method and classify the answer. */
  private async call(
    method: string,
    operation: string,
    json?: unknown,
    signal: AbortSignal | null = null
  ): Promise<ApiOutcome> {
    const res: HttpResult = await this.http.request({
      operation,
      method: "POST",
      path: `/${method}`,
      json: json ?? {},
      signal,
    })
    if (!res.ok) {
      const t = res.failure
      return {
        ok: false,
        failure: { kind: t.kind, code: t.code, reason: t.reason, maybe_accepted: t.maybe_accepted },
        retryAfterS: null,
        migrateTo: null,
      }
    }
    const body = isRecord(res.json) ? res.json : null
    if (body && body.ok === true && res.status === 200) return { ok: true, result: body.result }
    if (!body) {
      const f = bodyFailure(res)
      return {
        ok: false,
        failure: { kind: f.kind, code: f.code, reason: f.reason, maybe_accepted: f.maybe_accepted },
        retryAfterS: null,
        migrateTo: null,
      }
    }
    const code = toNumber(body.error_code) ?? res.status
    const description =
      typeof body.description === "string" ? this.http.mask(body.description) : `Telegram answered HTTP ${res.status}`
    const params = isRecord(body.parameters) ? body.parameters : {}
    const retryAfterS = toNumber(params.retry_after)
    const migrateTo = params.migrate_to_chat_id != null ? String(params.migrate_to_chat_id) : null
    return { ok: false, failure: mapTelegramError(code, description, retryAfterS), retryAfterS, migrateTo }
  }

  /** Telegram has no delivery reports: accepted = in the chat. */
  async status(refs: { id: string; provider_message_id?: string | null }[]): Promise<StatusReport[]> {
    return refs
      .filter((r) => r.provider_message_id)
      .map((r) => ({
        id: r.id,
        provider_message_id: r.provider_message_id,
        status: "delivered" as const,
        raw_status: "accepted_by_telegram",
        channel: "telegram" as const,
      }))
  }

  /** The Bot API cannot look messages up: null (capability lookupByReference = false). */
  async findByReference(_id: string): Promise<(StatusReport & { provider_message_id: string }) | null> {
    return null
  }

  async balance(): Promise<Balance> {
    throw new ProviderNotSupportedError("telegram", "balance", "the Bot API is free and has no balance")
  }

  /** Health probe: getMe (checks reachability and the token). */
  async probe(): Promise<void> {
    const outcome = await this.call("getMe", "probe")
    if (!outcome.ok) {
      const f = outcome.failure
      throw new ProviderRequestError(
        NAME,
        "probe",
        f,
        f.kind === "unavailable" || f.kind === "rate_limited" || f.kind === "throttled"
      )
    }
  }

  async parseWebhook(_req: WebhookRequest): Promise<WebhookResult> {
    throw new WebhooksNotSupportedError("telegram", "staff chats are send-only in this plugin")
  }

  async close(): Promise<void> {
    this.http.close()
  }
}

export function mapTelegramError(code: number, description: string, retryAfterS: number | null = null): Failure {
  const c = String(code)
  // Flow control, not an outage: never counts toward marking the account unhealthy.
  if (code === 429)
    return {
      kind: "throttled",
      code: c,
      reason: description,
      retry_after_ms: retryAfterS !== null ? retryAfterS * 1000 : null,
    }
  if (code === 401 || code === 404)
    return { kind: "auth", code: c, reason: `bot token rejected (${description})`, account_level: true }
  if (code === 403) return { kind: "invalid_recipient", code: c, reason: description }
  if (
    code === 400 &&
    /chat not found|user not found|chat_id is empty|peer_id_invalid|have no rights|not enough rights/i.test(description)
  ) {
    return { kind: "invalid_recipient", code: c, reason: description }
  }
  if (code >= 500) return { kind: "unavailable", code: c, reason: description, maybe_accepted: true }
  if (code === 400) return { kind: "bad_request", code: c, reason: description }
  return { kind: "unknown", code: c, reason: description }
}
