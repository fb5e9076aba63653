/**
 * TurboSMS delivery callbacks. The fact sheet says "SHA1 over the secret key and the
 * id"; the check is `signature === sha1_hex(callback_secret + id)` (secret first, then the
 * callback's `id`, no separator), case-insensitive, compared in constant time. The
 * signature covers nothing else: the result carries `replay_id` (the module refuses an
 * id seen before) and `body_signed: false` (final statuses are confirmed by status()).
 */
import { createHash, timingSafeEqual } from "node:crypto"
import type { StatusReport, WebhookResult } from "./types"
import { WebhookAuthError } from "./errors"
import { isRecord } from "./results"
import { mapTurboSmsStatus, parseTurboTime, turboSmsChannel } from "./turbosms-protocol"

/** The signature TurboSMS puts on callbacks: sha1 hex of secret + id. */
export function turboSmsCallbackSignature(secret: string, id: string): string {
  return createHash("sha1")
    .update(secret + id, "utf8")
    .digest("hex")
}

/** Check a callback's signature and read its status reports; throws WebhookAuthError. */
export function parseTurboSmsCallback(secret: string | null, rawBody: unknown): WebhookResult {
  if (!secret)
    throw new WebhookAuthError("TurboSMS callbacks are refused: no callback_secret configured for this account")
  const body = isRecord(rawBody) ? rawBody : {}
  const id = body.id != null ? String(body.id) : ""
  const signature = typeof body.signature === "string" ? body.signature.toLowerCase() : ""
  if (!id || !signature) throw new WebhookAuthError("TurboSMS callback without id or signature")
  const expected = turboSmsCallbackSignature(secret, id)
  const a = Buffer.from(signature, "utf8")
  const b = Buffer.from(expected, "utf8")
  if (a.length !== b.length || !timingSafeEqual(a, b))
    throw new WebhookAuthError("TurboSMS callback signature does not match")

  const reports: StatusReport[] = []
  for (const item of callbackItems(body.data)) {
    const status = typeof item.status === "string" ? item.status : null
    if (!status) continue
    const pmid = item.message_id ?? item.id
    reports.push({
      provider_message_id: pmid != null ? String(pmid) : null,
      status: mapTurboSmsStatus(status),
      raw_status: status,
      channel: turboSmsChannel(item.type),
      occurred_at: parseTurboTime(item.updated) ?? parseTurboTime(body.date),
      error: typeof item.error === "string" ? item.error : null,
    })
  }
  // the signature covers the id only: the id is remembered (replays refused) and the statuses are confirmed by status()
  return {
    reports,
    inbound: [],
    response: { status: 200, body: "OK", contentType: "text/plain" },
    replay_id: id,
    body_signed: false,
  }
}

/** `data` may be an object, an array of them, or either as a JSON string. */
function callbackItems(data: unknown): Record<string, any>[] {
  let v = data
  if (typeof v === "string") {
    try {
      v = JSON.parse(v)
    } catch {
      return []
    }
  }
  if (Array.isArray(v)) return v.filter(isRecord)
  return isRecord(v) ? [v] : []
}
