import { normalizePhone } from "../../../../modules/messaging/phones/phone-number"
import { invalidField } from "./errors"

/** E.164 of a phone typed by an admin, or a 400 naming the field and the reason. */
export function requirePhone(field: string, raw: string, defaultRegion?: string | null): string {
  const result = normalizePhone(raw, defaultRegion ? { defaultRegion } : {})
  if (!result.ok) throw invalidField(field, `is not a phone number that can receive SMS: ${result.message}`)
  return result.e164
}

/** Splits a pasted list (lines, commas, semicolons) into trimmed, non-empty entries. */
export function splitPastedList(text: string): string[] {
  return text
    .split(/[\n\r,;]+/)
    .map((s) => s.trim())
    .filter(Boolean)
}
