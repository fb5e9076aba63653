/**
 * What a provider class declares about its account: the fields the admin shows (and
 * the API accepts), which of them are secrets, and the plugin-options schema derived
 * from them. Plain data and zod only: the admin imports these types.
 */
import { z } from "@medusajs/framework/zod"

/** secret: a credential shown masked and never returned; the rest are plain values. */
export type ProviderFieldKind = "secret" | "text" | "number" | "boolean"

export interface ProviderField {
  name: string
  /** i18n key of the label the admin shows (`messaging.accounts.fields.<name>`). */
  label: string
  kind: ProviderFieldKind
  required: boolean
  /** Where the value lives on the account: `credentials` (masked in the API) or `config`. */
  group: "credentials" | "config"
}

/** One provider type as GET /admin/messaging/provider-types describes it. */
export interface ProviderTypeInfo {
  type: string
  label: string
  fields: ProviderField[]
  channels: string[]
  balance: boolean
  inbound: "webhook" | "poll" | "none"
}

const make =
  (group: ProviderField["group"], kind: ProviderFieldKind) =>
  (name: string, required = false): ProviderField => ({
    name,
    label: `messaging.accounts.fields.${name}`,
    kind,
    required,
    group,
  })

/** Field builders: `field.secret("api_key", true)`, `field.number("timeout_ms")` … */
export const field = {
  /** A credential that is a secret (masked, re-entered when the account moves). */
  secret: make("credentials", "secret"),
  /** A credential that is not a secret (Twilio's account SID, an SMTP user name). */
  credential: make("credentials", "text"),
  text: make("config", "text"),
  number: make("config", "number"),
  boolean: make("config", "boolean"),
}

/** Names of the fields that hold secrets. */
export function secretFieldNames(fields: readonly ProviderField[]): string[] {
  return fields.filter((f) => f.kind === "secret").map((f) => f.name)
}

/**
 * The plugin-options schema of an account of this type (`{ credentials, config }`):
 * required credentials are non-empty strings, required settings must be present.
 * Settings are otherwise left to the adapter's own checks (extra keys pass through).
 */
export function accountOptionsSchema(type: string, fields: readonly ProviderField[]) {
  const credentials: Record<string, z.ZodType> = {}
  const config: Record<string, z.ZodType> = {}
  for (const f of fields) {
    if (f.group === "credentials") credentials[f.name] = f.required ? z.string().min(1) : z.string().optional()
    else if (f.required) {
      const message = `an ${type} account needs config.${f.name}`
      config[f.name] =
        f.kind === "text"
          ? z.string({ error: message }).min(1, message)
          : z.unknown().refine((v) => v !== undefined && v !== null, message)
    }
  }
  return z.object({ credentials: z.object(credentials), config: z.looseObject(config) })
}
