/**
 * Provider adapters: one class per provider type behind the MessagingProvider
 * interface, and the registry built from them (registry.ts).
 */
export * from "./types"
export {
  PROVIDER_CAPABILITIES,
  PROVIDER_CLASSES,
  PROVIDER_SECRET_FIELDS,
  PROVIDER_TYPES,
  createProvider,
  providerClass,
  providerTypeInfos,
  type ProbingProvider,
  type ProviderClass,
  type ProviderType,
} from "./registry"
export type { ProviderField, ProviderFieldKind, ProviderTypeInfo } from "./fields"
export {
  ProviderConfigError,
  ProviderNotSupportedError,
  ProviderRequestError,
  WebhookAuthError,
  WebhookReplayError,
  WebhooksNotSupportedError,
} from "./errors"
export type { ExchangeEntry, ProviderHooks } from "./hooks"
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
