/**
 * What custom rules may read. One field filter for every way a rule reads a record (a
 * phone source path like `customer.phone`, `#ENTITY.FIELD#` / `#EVENT.FIELD#` macros):
 * a key that looks like a secret is never readable, at any depth. Pure functions.
 *
 *  - secret words: password, passwd, pwd, pass, passphrase, secret, token, hash, salt,
 *    otp, pin, credential(s), apikey, signature, cvv, cvc, jwt, cookie; also glued
 *    (`resetpassword`, `authToken`),
 *  - a key ending in `key` (`api_key`, `private_key`, `key`),
 *  - a key ending in `code` (`code`, `verification_code`, `otpCode`), except well-known
 *    public codes (`postal_code`, `country_code`, `currency_code`, `province_code`, …).
 *
 * Events whose payload carries credentials cannot have custom rules at all (see
 * `customRuleEventProblem`), nor can entities that store them.
 */

const SECRET_WORDS = new Set([
  "password",
  "passwd",
  "pwd",
  "pass",
  "passphrase",
  "secret",
  "secrets",
  "token",
  "tokens",
  "hash",
  "salt",
  "otp",
  "pin",
  "credential",
  "credentials",
  "apikey",
  "signature",
  "cvv",
  "cvc",
  "jwt",
  "cookie",
])
const SECRET_SUBSTRING = /password|passwd|secret|token|credential|api_?key/
/** `<word>_code` fields that are public (addresses, money, languages, product codes). */
const PUBLIC_CODES = new Set([
  "postal",
  "zip",
  "country",
  "currency",
  "province",
  "region",
  "language",
  "locale",
  "iso",
  "area",
  "calling",
  "dial",
  "tax",
  "hs",
  "origin",
  "sku",
  "ean",
  "upc",
  "display",
])

/** `resetToken` / `reset-token` / `RESET_TOKEN` → ["reset", "token"]. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
}

/** Does this field name look like it holds a secret? Such fields are never readable by a rule. */
export function isSecretField(key: string): boolean {
  const w = words(key)
  if (!w.length) return false
  if (w.some((x) => SECRET_WORDS.has(x))) return true
  if (SECRET_SUBSTRING.test(w.join(""))) return true
  const last = w[w.length - 1]
  if (last === "key" || last === "keys") return true
  if (last === "code" || last === "codes") return !(w.length > 1 && PUBLIC_CODES.has(w[w.length - 2]))
  return false
}

/**
 * The value at a dotted path (`customer.phone`), or undefined when the path is missing
 * or any segment of it is a secret-looking field.
 */
export function readField(obj: unknown, path: string): unknown {
  let acc: unknown = obj
  for (const key of path.split(".")) {
    if (isSecretField(key)) return undefined
    if (!acc || typeof acc !== "object") return undefined
    acc = (acc as Record<string, unknown>)[key]
  }
  return acc
}

/** Event prefixes whose payload or records carry credentials (password reset tokens, invite tokens, codes). */
export const CREDENTIAL_EVENT_PREFIXES = [
  "auth.",
  "invite.",
  "api_key.",
  "auth_identity.",
  "provider_identity.",
] as const
/** Entities a rule may not load: they store credentials. */
export const CREDENTIAL_ENTITIES = ["auth_identity", "provider_identity", "invite", "api_key"] as const
const CREDENTIAL_EVENT_WORDS = new Set([
  "password",
  "passwd",
  "token",
  "tokens",
  "secret",
  "secrets",
  "credential",
  "credentials",
  "otp",
  "verification",
])

/** Why a custom rule cannot subscribe to this event (its payload carries credentials), or null. */
export function customRuleEventProblem(eventName: string): string | null {
  const name = eventName.trim().toLowerCase()
  if (
    CREDENTIAL_EVENT_PREFIXES.some((p) => name.startsWith(p)) ||
    words(name).some((w) => CREDENTIAL_EVENT_WORDS.has(w))
  ) {
    return "cannot have custom rules: its payload carries credentials (auth.*, invite.*, api_key.* and events about passwords, tokens, secrets or verification codes)"
  }
  return null
}

/** Why a custom rule cannot load this entity (it stores credentials), or null. */
export function customRuleEntityProblem(entity: string | null | undefined): string | null {
  return entity && (CREDENTIAL_ENTITIES as readonly string[]).includes(entity.trim().toLowerCase())
    ? "cannot be loaded by a custom rule: it stores credentials"
    : null
}

/**
 * An invalid recipient as stored (outbox row, error text, History): never verbatim, it
 * may be anything a rule found (a token, a code). Shows the last 2 characters of values
 * of 8 or more characters, and the length.
 */
export function maskInvalidRecipient(raw: string): string {
  const v = raw.trim()
  if (!v) return "(none)"
  const chars = [...v]
  return chars.length >= 8
    ? `****${chars.slice(-2).join("")} (${chars.length} characters)`
    : `**** (${chars.length} characters)`
}
