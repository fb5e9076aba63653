/**
 * The provider registry: every provider class the plugin knows, and the views the rest
 * of the plugin reads (types, capabilities, secret fields, options schemas, the admin's
 * field lists, the factory). A provider's facts live on its class only; adding one
 * means adding its class to PROVIDER_CLASSES (docs/architecture.md, "Adding a provider").
 */
import type { ZodType } from "@medusajs/framework/zod"
import type { MessagingProvider, ProviderCapabilities } from "./types"
import type { ProviderHooks } from "./hooks"
import { ProviderConfigError } from "./errors"
import { secretFieldNames, type ProviderField, type ProviderTypeInfo } from "./fields"
import { BsgProvider } from "./bsg"
import { TurboSmsProvider } from "./turbosms"
import { TwilioProvider } from "./twilio"
import { TelegramProvider } from "./telegram"
import { SmtpProvider } from "./smtp"
import { SandboxProvider } from "./sandbox"

/** Every adapter has a health probe. */
export type ProbingProvider = MessagingProvider & { probe(): Promise<void> }

/** What a provider class declares besides its instance methods. */
export interface ProviderClass {
  readonly identifier: string
  /** Product name shown in the admin (not translated). */
  readonly label: string
  readonly capabilities: Readonly<ProviderCapabilities>
  /** The public API hosts its default base URL points at: allowed without `allowed_hosts`. */
  readonly apiHosts: readonly string[]
  /** Connects to the relay in `config.host` (any public host: the shop picks it), not to a base_url. */
  readonly relay?: boolean
  readonly fields: readonly ProviderField[]
  /** Checks an account declared in the plugin options (`{ credentials, config }`). */
  readonly optionsSchema: ZodType
  new (config: unknown, hooks?: ProviderHooks): ProbingProvider
}

/** The providers, in the order the admin lists them. */
export const PROVIDER_CLASSES = [
  BsgProvider,
  TurboSmsProvider,
  TwilioProvider,
  TelegramProvider,
  SmtpProvider,
  SandboxProvider,
] as const

/** Every class in the list declares what a provider class must (checked by the compiler). */
const CLASSES: readonly ProviderClass[] = PROVIDER_CLASSES

export type ProviderType = (typeof PROVIDER_CLASSES)[number]["identifier"]

export const PROVIDER_TYPES = PROVIDER_CLASSES.map((c) => c.identifier) as [ProviderType, ...ProviderType[]]

const byType = new Map<string, ProviderClass>(CLASSES.map((c) => [c.identifier, c]))

const view = <T>(pick: (c: ProviderClass) => T): Readonly<Record<ProviderType, T>> =>
  Object.freeze(Object.fromEntries(CLASSES.map((c) => [c.identifier, pick(c)]))) as Record<ProviderType, T>

/** The class of a provider type, or undefined for a type the plugin does not know. */
export function providerClass(type: string): ProviderClass | undefined {
  return byType.get(type)
}

export const PROVIDER_CAPABILITIES = view((c) => c.capabilities)

/** Fields of each account type that hold secrets (masked in the admin API and in logs). */
export const PROVIDER_SECRET_FIELDS = view((c): readonly string[] => secretFieldNames(c.fields))

/** Every provider type with its admin field list (GET /admin/messaging/provider-types). */
export function providerTypeInfos(): ProviderTypeInfo[] {
  return CLASSES.map((c) => ({
    type: c.identifier,
    label: c.label,
    fields: c.fields.map((f) => ({ ...f })),
    channels: [...c.capabilities.channels],
    balance: c.capabilities.balance,
    inbound: c.capabilities.inbound,
  }))
}

/**
 * Build the adapter for an account. Throws ProviderConfigError naming the missing or
 * invalid field. `hooks.onExchange` receives a masked summary of every request.
 */
export function createProvider(type: ProviderType, config: unknown, hooks: ProviderHooks = {}): ProbingProvider {
  const Provider = providerClass(type)
  if (!Provider) throw new ProviderConfigError(String(type), "type", `is not one of ${PROVIDER_TYPES.join(", ")}`)
  return new Provider(config, hooks)
}
