/**
 * Provider adapters: one class per provider type behind the MessagingProvider
 * interface, plus the factory the module uses to build them from account configs.
 */
import type { ProviderType } from "../types"
import { PROVIDER_TYPES } from "../types"
import type { MessagingProvider } from "./types"
import type { ProviderHooks } from "./http"
import { ProviderConfigError } from "./errors"
import { BsgProvider } from "./bsg"
import { TurboSmsProvider } from "./turbosms"
import { TwilioProvider } from "./twilio"
import { TelegramProvider } from "./telegram"
import { SmtpProvider } from "./smtp"
import { SandboxProvider } from "./sandbox"

export * from "./types"
export { PROVIDER_CAPABILITIES, type AdapterCapabilities } from "./capabilities"
export { ProviderConfigError, ProviderNotSupportedError, ProviderRequestError, WebhookAuthError, WebhookReplayError, WebhooksNotSupportedError } from "./errors"
export type { ExchangeEntry, ProviderHooks } from "./http"
export { maskSecrets, maskString, maskValue } from "./mask"
export { BsgProvider, isValidBsgOriginator } from "./bsg"
export { bsgReference, messageIdFromReference } from "./bsg-reference"
export { TurboSmsProvider, turboSmsCallbackSignature } from "./turbosms"
export { TwilioProvider } from "./twilio"
export { twilioSignature, verifyTwilioSignature } from "./twilio-signature"
export { TelegramProvider } from "./telegram"
export { escapeTelegramHtml, splitTelegramText } from "./telegram-text"
export { SmtpProvider } from "./smtp"
export { SandboxProvider, type SandboxRecord } from "./sandbox"

/** Every adapter has a health probe (proposed as `probe()` on MessagingProvider). */
export type ProbingProvider = MessagingProvider & { probe(): Promise<void> }

/** Fields of each account type's config that hold secrets (mask them in the admin API). */
export const PROVIDER_SECRET_FIELDS: Readonly<Record<ProviderType, readonly string[]>> = {
  bsg: ["api_key"],
  turbosms: ["token", "callback_secret"],
  twilio: ["auth_token"],
  telegram: ["bot_token"],
  smtp: ["password"],
  sandbox: [],
}

/**
 * Build the adapter for an account. Throws ProviderConfigError naming the missing or
 * invalid field. `hooks.onExchange` receives a masked summary of every request.
 */
export function createProvider(type: ProviderType, config: unknown, hooks: ProviderHooks = {}): ProbingProvider {
  switch (type) {
    case "bsg":
      return new BsgProvider(config, hooks)
    case "turbosms":
      return new TurboSmsProvider(config, hooks)
    case "twilio":
      return new TwilioProvider(config, hooks)
    case "telegram":
      return new TelegramProvider(config, hooks)
    case "smtp":
      return new SmtpProvider(config, hooks)
    case "sandbox":
      return new SandboxProvider(config ?? {}, hooks)
    default:
      throw new ProviderConfigError(String(type), "type", `is not one of ${PROVIDER_TYPES.join(", ")}`)
  }
}
