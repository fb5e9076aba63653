/**
 * Secret masking for everything an adapter logs or returns.
 *
 *  - every configured secret value (API key, token, auth token, password) is replaced
 *    wherever it appears in a string, object key/value or URL (also URL-encoded),
 *  - values of well-known secret field/header names are masked whatever they hold
 *    (Authorization: Basic … carries the Twilio token base64-encoded).
 *
 * A masked value shows `****` plus at most the last 4 characters, and only when the
 * secret is long enough (≥ 12 chars) for 4 characters to give nothing away.
 */

const SECRET_FIELD_NAMES = new Set([
  "x-api-key",
  "api_key",
  "apikey",
  "api-key",
  "authorization",
  "proxy-authorization",
  "token",
  "auth_token",
  "authtoken",
  "access_token",
  "bot_token",
  "password",
  "pass",
  "secret",
  "callback_secret",
  "client_secret",
  "x-telegram-bot-api-secret-token",
])

export function isSecretFieldName(name: string): boolean {
  return SECRET_FIELD_NAMES.has(name.toLowerCase())
}

/** `****` + last 4 characters for long values, `****` for short ones. */
export function maskValue(value: string): string {
  if (value.length >= 12) return `****${value.slice(-4)}`
  return "****"
}

function variantsOf(secret: string): string[] {
  const out = new Set<string>([secret])
  try {
    out.add(encodeURIComponent(secret))
    out.add(encodeURI(secret))
  } catch {
    // lone surrogates: keep the raw form only
  }
  out.add(Buffer.from(secret, "utf8").toString("base64"))
  return [...out].filter((v) => v.length > 0)
}

export function maskString(text: string, secrets: readonly string[]): string {
  let out = text
  // longest first so a secret that contains another is masked whole
  const usable = secrets.filter((s) => typeof s === "string" && s.length >= 4).sort((a, b) => b.length - a.length)
  for (const secret of usable) {
    const masked = maskValue(secret)
    for (const variant of variantsOf(secret)) {
      if (out.includes(variant)) out = out.split(variant).join(masked)
    }
  }
  return out
}

/**
 * Deep copy of `value` with secrets masked. Handles strings, arrays, plain objects,
 * Buffers (rendered as text), Errors (message) and URLs; cycles become "[circular]".
 */
export function maskSecrets<T>(value: T, secrets: readonly string[]): T {
  return maskAny(value, secrets, new WeakSet()) as T
}

function maskAny(value: unknown, secrets: readonly string[], seen: WeakSet<object>): unknown {
  if (typeof value === "string") return maskString(value, secrets)
  if (value === null || typeof value !== "object") return value
  if (Buffer.isBuffer(value)) return maskString(value.toString("utf8"), secrets)
  if (value instanceof URL) return maskString(value.toString(), secrets)
  if (value instanceof Date) return value
  if (seen.has(value)) return "[circular]"
  seen.add(value)
  if (value instanceof Error) return maskString(value.message, secrets)
  if (Array.isArray(value)) return value.map((v) => maskAny(v, secrets, seen))
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const maskedKey = maskString(key, secrets)
    if (isSecretFieldName(key) && v !== null && v !== undefined && v !== "") {
      out[maskedKey] = typeof v === "string" ? maskSecretField(v, secrets) : "****"
    } else {
      out[maskedKey] = maskAny(v, secrets, seen)
    }
  }
  return out
}

/** "Bearer abc…xyz" → "Bearer ****wxyz"; keeps the scheme word for readability. */
function maskSecretField(v: string, secrets: readonly string[]): string {
  const m = /^(Bearer|Basic|Token|Bot)\s+(.+)$/i.exec(v)
  // Basic carries "user:secret" base64-encoded: its tail would leak the secret's tail
  if (m) return /^basic$/i.test(m[1]) ? `${m[1]} ****` : `${m[1]} ${maskValue(m[2])}`
  const alreadyMasked = maskString(v, secrets)
  if (alreadyMasked !== v) return alreadyMasked
  return maskValue(v)
}

// ───────────── personal data (debug log) ─────────────
//
// The debug log shows how providers answer, not whom the shop writes to or what it says:
// phone numbers keep their last 3 digits, texts become their length, chat ids and names
// are hidden, e-mail addresses keep their first character and domain.

/** Fields that hold a recipient: a phone, chat id or address (strings, numbers or lists of them). */
const RECIPIENT_FIELDS = new Set([
  "to",
  "msisdn",
  "recipient",
  "recipients",
  "phone",
  "phone_number",
  "chat_id",
  "email",
  "number",
])
/** Fields that hold a message text. */
const TEXT_FIELDS = new Set(["text", "body", "html", "subject", "sms_text", "caption"])
/** Fields that hold a person's name. */
const NAME_FIELDS = new Set(["first_name", "last_name", "username", "name"])

/** "+380671234567" → "+*********567": every digit but the last 3 hidden, the rest kept. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "").length
  let seen = 0
  return phone.replace(/\d/g, (d) => (++seen > digits - 3 ? d : "*"))
}

/** "olena@example.com" → "o***@example.com". */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@")
  return at <= 0 ? "***" : `${address[0]}***${address.slice(at)}`
}

function maskRecipient(value: string | number): string {
  const s = String(value)
  if (s.includes("@") && !s.startsWith("@")) return maskEmail(s)
  if (/\d/.test(s) && !/[A-Za-z]/.test(s)) return maskPhone(s)
  return s.startsWith("@") ? "@***" : "***"
}

const PHONE_IN_TEXT = /\+\d[\d\s().-]{5,18}\d|(?<![\w.-])\d{10,15}(?![\w.-])/g
const EMAIL_IN_TEXT = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[A-Za-z]{2,}/g

/** Phone numbers (with a +, or 10–15 digits in a row) and e-mail addresses inside free text. */
export function maskPersonalText(text: string): string {
  return text.replace(PHONE_IN_TEXT, (m) => maskPhone(m)).replace(EMAIL_IN_TEXT, (m) => maskEmail(m))
}

/**
 * Deep copy of a debug-log summary with personal data masked: recipients by field name
 * (also in lists), texts replaced by their length, names hidden, and phone numbers or
 * e-mail addresses found in any other string.
 */
export function maskPersonalData<T>(value: T): T {
  return maskPersonal(value, null, new WeakSet()) as T
}

function maskPersonal(value: unknown, field: string | null, seen: WeakSet<object>): unknown {
  const key = field?.toLowerCase() ?? null
  if (typeof value === "string" || typeof value === "number") {
    if (key && RECIPIENT_FIELDS.has(key)) return maskRecipient(value)
    if (typeof value === "number") return value
    if (key && TEXT_FIELDS.has(key)) return `[text hidden: ${value.length} chars]`
    if (key && NAME_FIELDS.has(key)) return "[name hidden]"
    return maskPersonalText(value)
  }
  if (value === null || typeof value !== "object" || value instanceof Date) return value
  if (seen.has(value)) return "[circular]"
  seen.add(value)
  // A list under a recipient field is a list of recipients.
  if (Array.isArray(value))
    return value.map((v) => maskPersonal(v, key && RECIPIENT_FIELDS.has(key) ? key : null, seen))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    // Telegram's `chat` object: its id is the recipient.
    out[k] = key === "chat" && k === "id" ? maskPersonal(v, "chat_id", seen) : maskPersonal(v, k, seen)
  }
  return out
}
