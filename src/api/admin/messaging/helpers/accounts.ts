/**
 * Provider accounts in the admin API: what each type asks for, secrets masked on the
 * way out and only replaced (never revealed) on the way in.
 */
import {
  PROVIDER_SECRET_FIELDS,
  ProviderConfigError,
  createProvider,
  maskValue,
  providerClass,
  providerTypeInfos,
} from "../../../../modules/messaging/providers"
import { HostNotAllowedError, resolveAllowedHost } from "../../../../modules/messaging/providers/allowed-hosts"
import { accountHost, hostPolicyFor } from "../../../../modules/messaging/providers/account-hosts"
import type { AccountRow } from "../../../../modules/messaging/models/rows"
import type { ProviderType } from "../../../../modules/messaging/types"
import { invalidField } from "./errors"

/** A provider type in the shape GET /admin/messaging/accounts has always listed (`types`). */
export interface AccountTypeInfo {
  type: ProviderType
  label: string
  /** Credential fields (all shown masked); `required` ones must be set. */
  credentials: { name: string; required: boolean; secret: boolean }[]
  /** Non-secret settings. */
  config: { name: string; kind: "text" | "number" | "boolean"; required: boolean }[]
  channels: readonly string[]
  balance: boolean
  inbound: "webhook" | "poll" | "none"
}

/** The provider classes' field lists, grouped into credentials and settings. */
export const ACCOUNT_TYPES: AccountTypeInfo[] = providerTypeInfos().map(({ fields, ...info }) => ({
  ...info,
  type: info.type as ProviderType,
  credentials: fields
    .filter((f) => f.group === "credentials")
    .map((f) => ({ name: f.name, required: f.required, secret: f.kind === "secret" })),
  config: fields
    .filter((f) => f.group === "config")
    .map((f) => ({ name: f.name, kind: f.kind === "secret" ? "text" : f.kind, required: f.required })),
}))

function fieldsOf(type: ProviderType, group: "credentials" | "config"): string[] {
  return (providerClass(type)?.fields ?? []).filter((f) => f.group === group).map((f) => f.name)
}

/**
 * The account as the admin sees it: every credential value masked (`****abcd` for long
 * values, `****` for short ones), never the value itself.
 */
export function toAdminAccount<R extends Pick<AccountRow, "type" | "credentials">>(row: R) {
  const { credentials, ...rest } = row
  const masked: Record<string, string> = {}
  for (const [name, value] of Object.entries(credentials ?? {})) {
    if (value === null || value === undefined || value === "") continue
    masked[name] = maskValue(String(value))
  }
  return { ...rest, credentials: masked, secret_fields: PROVIDER_SECRET_FIELDS[row.type] ?? [] }
}

/** A value the admin UI sent back unchanged: the mask it was shown. */
function isMask(value: string): boolean {
  return value.startsWith("****")
}

/**
 * New credentials from an update: a field that is absent or still the mask keeps its
 * stored value, `null` or "" removes it, anything else replaces it.
 */
export function mergeCredentials(
  stored: Record<string, unknown> | null,
  incoming: Record<string, string | null> | undefined
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(stored ?? {})) if (typeof v === "string" && v !== "") out[k] = v
  for (const [k, v] of Object.entries(incoming ?? {})) {
    if (v === null || v === "") delete out[k]
    else if (!isMask(v)) out[k] = v
  }
  return out
}

/**
 * An account declared in medusa-config (plugin options) keeps its credentials, settings
 * and base_url from there: changing one here is a 400 naming it. Credentials sent back
 * as the masks they were shown are no change.
 */
export function assertEditableHere(
  stored: AccountRow,
  update: { credentials?: Record<string, string | null>; config?: Record<string, unknown>; base_url?: string | null }
): void {
  if (stored.source !== "options") return
  const credentialsChanged = Object.values(update.credentials ?? {}).some((v) => v === null || v === "" || !isMask(v))
  const field = credentialsChanged
    ? "credentials"
    : update.config !== undefined
      ? "config"
      : update.base_url !== undefined
        ? "base_url"
        : null
  if (field)
    throw invalidField(
      field,
      "cannot be changed here: this account is declared in medusa-config (plugin options); change it there"
    )
}

/** Unknown credential/config names for a type → 400 naming the field. */
export function assertKnownFields(
  type: ProviderType,
  credentials: Record<string, unknown>,
  config: Record<string, unknown>
): void {
  const known = { credentials: fieldsOf(type, "credentials"), config: fieldsOf(type, "config") }
  for (const name of Object.keys(credentials)) {
    if (!known.credentials.includes(name)) throw invalidField(`credentials.${name}`, `is not a ${type} credential`)
  }
  for (const name of Object.keys(config)) {
    if (!known.config.includes(name)) throw invalidField(`config.${name}`, `is not a ${type} setting`)
  }
}

/**
 * Build the adapter once to check the whole account (required fields, URL, numbers).
 * A problem becomes a 400 naming the field; the value is never echoed.
 */
export function assertUsableAccount(
  type: ProviderType,
  credentials: Record<string, string>,
  config: Record<string, unknown>,
  baseUrl: string | null | undefined
): void {
  const credentialNames = new Set(fieldsOf(type, "credentials"))
  try {
    createProvider(type, { ...config, ...credentials, ...(baseUrl ? { base_url: baseUrl } : {}) })
  } catch (e) {
    if (e instanceof ProviderConfigError) {
      const where = credentialNames.has(e.field)
        ? `credentials.${e.field}`
        : e.field === "base_url"
          ? "base_url"
          : `config.${e.field}`
      throw invalidField(where, e.message.replace(/^.*?"[^"]+" /, ""))
    }
    throw e
  }
}

/** Where an account connects: its base_url, or a relay's (SMTP) host and port. */
function connectionTarget(
  type: ProviderType,
  baseUrl: string | null | undefined,
  config: Record<string, unknown> | null
): string {
  if (providerClass(type)?.relay)
    return `${String(config?.host ?? "")
      .trim()
      .toLowerCase()}:${String(config?.port ?? "")}`
  return (baseUrl ?? "").trim().replace(/\/+$/, "")
}

/**
 * A stored secret is only ever sent where it was entered: an update that changes where
 * the account connects (base_url; an SMTP host or port) must carry every stored secret
 * again, as a new value. 400 naming the first secret that was not re-entered.
 */
export function assertSecretsReentered(
  stored: AccountRow,
  next: { base_url: string | null | undefined; config: Record<string, unknown> },
  incoming: Record<string, string | null> | undefined
): void {
  if (
    connectionTarget(stored.type, stored.base_url, stored.config) ===
    connectionTarget(stored.type, next.base_url, next.config)
  )
    return
  for (const name of PROVIDER_SECRET_FIELDS[stored.type] ?? []) {
    const had = stored.credentials?.[name]
    if (typeof had !== "string" || had === "") continue
    const sent = incoming?.[name]
    if (typeof sent !== "string" || sent === "" || isMask(sent)) {
      throw invalidField(
        `credentials.${name}`,
        "must be entered again: the account now connects somewhere else, and a stored secret is only sent where it was entered"
      )
    }
  }
}

/**
 * The account's host must pass the plugin's allowed_hosts policy (name, then every
 * address it resolves to). 400 naming base_url or config.host. A name that does not
 * resolve right now is left to the check before each request.
 */
export async function assertAllowedAccountHost(
  type: ProviderType,
  baseUrl: string | null | undefined,
  config: Record<string, unknown>,
  allowedHosts: readonly string[]
): Promise<void> {
  const target = accountHost(type, baseUrl, config)
  if (!target) return
  try {
    await resolveAllowedHost(target.host, hostPolicyFor(type, allowedHosts))
  } catch (e) {
    if (e instanceof HostNotAllowedError) throw invalidField(target.field, e.message)
  }
}
