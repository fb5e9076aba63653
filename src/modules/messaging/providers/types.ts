/**
 * The one interface every provider adapter implements. Adapters are plain classes:
 * they know HTTP/SMTP and the provider's wire format, nothing about Medusa.
 */
import type { Channel, MessageStatus, ProviderType } from "../types"

export interface OutboundMessage {
  /** Our message id. Used as the provider's idempotency reference (BSG `reference`, etc.). */
  id: string
  channel: Channel
  /** Digits-only or E.164 phone for sms/viber/omni (adapter formats it), chat id for telegram, address for email. */
  to: string
  text: string
  /** Originator / alpha name / From. Falls back to the account's default sender. */
  sender?: string | null
  /** Omni only: the SMS text sent when Viber does not deliver (defaults to `text`). */
  fallback_text?: string | null
  /** Omni only: SMS originator for the fallback leg. */
  fallback_sender?: string | null
  subject?: string | null
  html?: string | null
  /** How long the provider should keep trying, seconds. */
  validity_seconds?: number | null
  /** Delivery-report URL for this message (adapter adds it where the API takes one). */
  callback_url?: string | null
  viber?: { image_url?: string | null; button_caption?: string | null; button_url?: string | null } | null
}

/** Failure kinds that decide retry and failover. */
export type FailureKind =
  | "invalid_recipient" // bad number / chat not found / bad e-mail: permanent, no failover
  | "opted_out" // recipient unsubscribed (Twilio 21610, TurboSMS stoplist): permanent, records an opt-out
  | "insufficient_funds" // permanent for this account, triggers failover
  | "bad_sender" // unregistered originator: permanent, no failover
  | "auth" // bad key/token/blocked account: account unusable, triggers failover
  | "bad_request" // malformed text/params: permanent
  | "duplicate" // reference already used: the message was already accepted
  | "rate_limited" // temporary
  | "throttled" // flow control with a retry_after (Telegram 429): retry later, says nothing about the account's health
  | "unavailable" // timeout, connection refused, 5xx, malformed response: temporary
  | "unknown"

export type SendResult =
  | {
      id: string
      outcome: "accepted"
      provider_message_id: string
      cost?: number | null
      currency?: string | null
      parts?: number | null
      /** Provider's own status word at acceptance, if any. */
      raw_status?: string | null
      /** Where the adapter learned the chat moved (Telegram supergroup migration). */
      migrated_to?: string | null
    }
  | {
      id: string
      outcome: "rejected"
      kind: FailureKind
      code: string
      reason: string
      /** true when the whole account is unusable (auth, insufficient funds) rather than this one message. */
      account_level?: boolean
    }
  | {
      id: string
      outcome: "retry"
      kind: FailureKind
      code: string
      reason: string
      retry_after_ms?: number | null
      /** true when the request may have reached the provider (timeout after send): look up by reference before resending. */
      maybe_accepted?: boolean
      account_level?: boolean
    }

export interface StatusReport {
  /** Our message id when the provider echoes the reference. */
  id?: string | null
  provider_message_id?: string | null
  status: MessageStatus
  /** The provider's own word/code, kept verbatim for the timeline. */
  raw_status: string
  raw_code?: string | null
  channel?: Channel | null
  occurred_at?: Date | null
  cost?: number | null
  currency?: string | null
  error?: string | null
}

export interface InboundMessage {
  from: string
  to?: string | null
  text: string
  provider_message_id?: string | null
  received_at: Date
}

export interface Balance {
  amount: number
  currency: string | null
  credit_limit?: number | null
}

export interface WebhookRequest {
  /** Full public URL the provider posted to (needed for Twilio signatures). */
  url: string
  method: string
  headers: Record<string, string | string[] | undefined>
  rawBody: Buffer | string
  /** Parsed body (JSON or form). */
  body: Record<string, any>
  query: Record<string, any>
}

export interface WebhookResult {
  reports: StatusReport[]
  inbound: InboundMessage[]
  /** What to answer the provider (defaults to 200 "OK"). */
  response?: { status: number; body: unknown; contentType?: string }
  /** The provider's callback id: a callback with an id already used is a replay and is refused. */
  replay_id?: string | null
  /**
   * false when the signature does not cover the reports (TurboSMS signs only the id):
   * their final states are confirmed with status() before they are applied.
   */
  body_signed?: boolean
}

export interface ProviderCapabilities {
  channels: Channel[]
  /** Messages per request the dispatcher may hand to send(). */
  maxBatchSize: number
  maxTextLength: number
  /** Requests per second the account should not exceed. */
  ratePerSecond: number
  /** The provider itself does Viber→SMS fallback (BSG alt_route, TurboSMS hybrid). */
  nativeOmni: boolean
  /** status() / findByReference() work with our id. */
  lookupByReference: boolean
  webhooks: boolean
  /** balance() returns the account balance; false → it throws ProviderNotSupportedError. */
  balance: boolean
  /** The provider reports delivery after acceptance (by callback or status lookup). */
  deliveryReports: boolean
  /**
   * How replies (inbound SMS) arrive: "webhook" (the provider posts them), "poll"
   * (fetchInbound lists them) or "none" (the provider offers no inbound API).
   */
  inbound: "webhook" | "poll" | "none"
}

export interface SendOptions {
  /**
   * Aborted when the dispatcher's claim on the batch is running out: a request not yet
   * started is not started (retry, not maybe_accepted), one in flight stops waiting
   * (maybe_accepted when it had been written). Every request also has its own hard
   * deadline (the account's `timeout_ms`).
   */
  signal?: AbortSignal | null
}

export interface MessagingProvider {
  readonly type: ProviderType
  readonly capabilities: ProviderCapabilities
  send(batch: OutboundMessage[], opts?: SendOptions): Promise<SendResult[]>
  /** Current delivery state of messages the provider accepted. */
  status(refs: { id: string; provider_message_id?: string | null }[]): Promise<StatusReport[]>
  /**
   * Was a message with this reference already accepted? null = the provider never saw it.
   * Throws when the lookup itself fails: a failed lookup must never be read as "not sent".
   */
  findByReference(id: string): Promise<(StatusReport & { provider_message_id: string }) | null>
  balance(): Promise<Balance>
  /** Verify and parse a callback. Throws WebhookAuthError when the signature/secret does not match. */
  parseWebhook(req: WebhookRequest): Promise<WebhookResult>
  /** Cheap health check (balance, account fetch, getMe, SMTP verify); throws when the account is unusable. */
  probe(): Promise<void>
  /** Replies received in a time range (providers with inbound "poll"). */
  fetchInbound?(since: Date, until: Date): Promise<InboundMessage[]>
  close?(): Promise<void>
}
