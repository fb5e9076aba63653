/**
 * The audit trail's summary of one admin request: which fields it set, with values only
 * where they are neither secret nor personal. Credentials and secret-looking fields say
 * "(changed)" / "(removed)", texts give their length, phone numbers and e-mail addresses
 * are masked as in the debug log, URLs lose their user info and query. Pure.
 */
import { maskPersonalText } from "../../modules/messaging/providers/mask"
import { isSecretField } from "../../modules/messaging/custom-rules/secret-fields"

const TEXT_FIELDS = new Set(["body", "text", "html", "subject", "customer_text", "admin_text", "note", "phones"])
const MAX_VALUE = 60
const MAX_SUMMARY = 1000
const MAX_LIST = 5

function url(value: string): string {
  try {
    const u = new URL(value)
    return `${u.protocol}//${u.host}${u.pathname === "/" ? "" : u.pathname}`
  } catch {
    return "(not a URL)"
  }
}

function scalar(value: unknown): string {
  if (value === null) return "null"
  if (typeof value === "string") {
    const masked = maskPersonalText(value)
    return masked.length > MAX_VALUE ? `${masked.slice(0, MAX_VALUE)}…` : JSON.stringify(masked)
  }
  return String(value)
}

function describe(key: string, value: unknown, secretParent: boolean): string[] {
  const field = key.split(".").pop()!
  if (value === undefined) return []
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    // `credentials` names which of its fields changed, never their values.
    const secret = secretParent || isSecretField(field)
    const inner = Object.entries(value).flatMap(([k, v]) => describe(`${key}.${k}`, v, secret))
    return inner.length ? inner : [`${key}: {}`]
  }
  if (secretParent || isSecretField(field)) return [`${key}: ${value === null ? "(removed)" : "(changed)"}`]
  if (TEXT_FIELDS.has(field) && typeof value === "string") return [`${key}: ${value.length} chars`]
  if (/(^|_)url$/.test(field) && typeof value === "string") return [`${key}: ${JSON.stringify(url(value))}`]
  if (Array.isArray(value)) {
    const shown = value.slice(0, MAX_LIST).map((v) => (typeof v === "object" && v !== null ? "{…}" : scalar(v)))
    return [`${key}: [${shown.join(", ")}${value.length > MAX_LIST ? `, … ${value.length} in all` : ""}]`]
  }
  return [`${key}: ${scalar(value)}`]
}

/** "name: "BSG", credentials.api_key: (changed), priority: 20" — at most 1000 characters. */
export function auditSummary(input: unknown): string {
  if (!input || typeof input !== "object" || Array.isArray(input)) return ""
  const parts = Object.entries(input).flatMap(([k, v]) => describe(k, v, false))
  const text = parts.join(", ")
  return text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1)}…` : text
}

/** The id of the record a response is about: `{ account: { id } }` → its id. */
export function createdId(payload: unknown): string | null {
  if (!payload || typeof payload !== "object") return null
  for (const value of Object.values(payload)) {
    const id = value && typeof value === "object" && !Array.isArray(value) ? (value as { id?: unknown }).id : null
    if (typeof id === "string") return id
  }
  return null
}
