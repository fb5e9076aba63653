/**
 * Shared vocabulary of the messaging module. Plain types only: no Medusa imports,
 * so the text pipeline, provider adapters and the dispatcher can all use them
 * (provider adapters import them as types only: the provider types come from the
 * provider registry). The value lists are defined in vocabulary.ts, which the admin
 * bundles too.
 */

export * from "./vocabulary"

/** Provider types: the identifiers of the provider classes in providers/registry.ts. */
export { PROVIDER_TYPES, type ProviderType } from "./providers/registry"
