/**
 * Error types thrown by provider adapters. `send()` never throws for provider or
 * transport failures (it returns per-message results); the other calls do, with these.
 */
import type { FailureKind } from "./types"

/** The account configuration is missing a field or has an invalid value. */
export class ProviderConfigError extends Error {
  readonly field: string
  constructor(provider: string, field: string, problem: string) {
    super(`${provider} account config: "${field}" ${problem}`)
    this.name = "ProviderConfigError"
    this.field = field
  }
}

/** A webhook did not carry a valid signature/secret (answer 401/403, do not process). */
export class WebhookAuthError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "WebhookAuthError"
  }
}

/** A callback whose id was already used (a captured callback sent again): refused, nothing changes. */
export class WebhookReplayError extends Error {
  constructor(readonly callbackId: string) {
    super("callback refused: its id was already used (a replayed callback changes nothing)")
    this.name = "WebhookReplayError"
  }
}

/**
 * The provider type does not accept webhooks in this plugin (no signature scheme to
 * verify them). Subclass of WebhookAuthError so a route that rejects auth errors
 * also rejects these.
 */
export class WebhooksNotSupportedError extends WebhookAuthError {
  constructor(provider: string, why: string) {
    super(`${provider}: webhooks are not supported (${why})`)
    this.name = "WebhooksNotSupportedError"
  }
}

/** The provider has no such feature (Telegram/SMTP balance, …). */
export class ProviderNotSupportedError extends Error {
  readonly operation: string
  constructor(provider: string, operation: string, why: string) {
    super(`${provider}: ${operation} is not supported (${why})`)
    this.name = "ProviderNotSupportedError"
    this.operation = operation
  }
}

/**
 * A status/balance/lookup/probe call failed. `retryable` is true for transport
 * problems and rate limits, false for auth and similar account problems.
 */
export class ProviderRequestError extends Error {
  readonly provider: string
  readonly kind: FailureKind
  readonly code: string
  readonly retryable: boolean
  readonly account_level: boolean
  constructor(
    provider: string,
    operation: string,
    failure: { kind: FailureKind; code: string; reason: string; account_level?: boolean },
    retryable: boolean
  ) {
    super(`${provider} ${operation} failed: ${failure.reason} [${failure.code}]`)
    this.name = "ProviderRequestError"
    this.provider = provider
    this.kind = failure.kind
    this.code = failure.code
    this.retryable = retryable
    this.account_level = failure.account_level ?? false
  }
}

/** A failed read call; transport problems, outages and rate limits are worth retrying. */
export function requestFailed(
  provider: string,
  operation: string,
  failure: { kind: FailureKind; code: string; reason: string; account_level?: boolean }
): ProviderRequestError {
  return new ProviderRequestError(
    provider,
    operation,
    failure,
    failure.kind === "unavailable" || failure.kind === "rate_limited"
  )
}
