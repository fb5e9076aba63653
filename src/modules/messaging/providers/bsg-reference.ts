/**
 * Our message id ↔ BSG `reference` ([A-Za-z0-9]{1,32}, unique per account).
 *
 * Mapping: the id with every non-alphanumeric character removed. Medusa-style ids
 * `msg_01JABCDEFGHJKMNPQRSTVWXYZ0` (prefix + 26-char ULID) become
 * `msg01JABCDEFGHJKMNPQRSTVWXYZ0` (29 chars). Ids that would exceed 32 characters (or
 * contain no alphanumerics at all) use the first 32 hex characters of their SHA-256
 * instead — still deterministic, so a resend after a timeout reuses the same
 * reference and BSG's uniqueness check (error 23/43) prevents a second message.
 *
 * Reverse: within one call the adapter keeps a reference → id map. Without it,
 * `messageIdFromReference` restores the `prefix_ULID` shape (the reference ends with
 * a 26-char Crockford base32 ULID) and returns null for anything else.
 */
import { createHash } from "node:crypto"

export const BSG_REFERENCE_MAX = 32

export function bsgReference(messageId: string): string {
  const stripped = messageId.replace(/[^A-Za-z0-9]+/g, "")
  if (stripped.length >= 1 && stripped.length <= BSG_REFERENCE_MAX) return stripped
  return createHash("sha256").update(messageId, "utf8").digest("hex").slice(0, BSG_REFERENCE_MAX)
}

const ULID_TAIL = /^([A-Za-z][A-Za-z0-9]*?)([0-7][0-9A-HJKMNP-TV-Z]{25})$/

export function messageIdFromReference(reference: string): string | null {
  const m = ULID_TAIL.exec(reference)
  if (!m) return null
  return `${m[1]}_${m[2]}`
}
