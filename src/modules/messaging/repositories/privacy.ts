/**
 * Personal data in the outbox: message texts removed after the retention period, and a
 * deleted customer's messages anonymized. Rows stay (counts, statuses, costs, the
 * timeline's steps); what identifies the person or what they were told goes.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { MESSAGE_EVENT_TABLE, MESSAGE_TABLE, insertTimeline } from "./messages"

const BATCH = 5000
/** Rows per maintenance tick at most (the next tick goes on). */
const MAX_PER_TICK = 100_000

/** What a removed text leaves in metadata: when, and that there was one. */
const TEXT_GONE = `(COALESCE(m.metadata, '{}'::jsonb) - 'sms_text') || jsonb_build_object('text_removed_at', ?::text)`

/**
 * Remove the texts (body, subject, Omni's SMS text) of messages older than `days`, inbound
 * ones included. Messages still waiting to go out, or whose Omni SMS fallback may still
 * be sent, keep theirs. Returns how many messages lost their text.
 */
export async function removeOldTexts(knex: Knex, days: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000)
  let total = 0
  while (total < MAX_PER_TICK) {
    const res = await knex.raw(
      `UPDATE ${MESSAGE_TABLE} m SET body = '', subject = NULL, metadata = ${TEXT_GONE}, updated_at = ?
        WHERE m.id IN (SELECT id FROM ${MESSAGE_TABLE}
                        WHERE created_at < ?
                          AND status NOT IN ('queued', 'deferred', 'sending')
                          AND fallback_at IS NULL
                          AND (metadata IS NULL OR metadata->>'text_removed_at' IS NULL)
                        ORDER BY created_at
                        LIMIT ?
                        FOR UPDATE SKIP LOCKED)`,
      [now.toISOString(), now, cutoff, BATCH]
    )
    const n = res.rowCount ?? 0
    total += n
    if (n < BATCH) break
  }
  return total
}

export interface AnonymizeResult {
  messages: number
  opt_out_notes: number
}

/** `sha256:<hex>` of a text, in SQL: the same value always gives the same hash, so counts per recipient still add up. */
const hashed = (column: string) => `'sha256:' || encode(sha256(convert_to(${column}, 'UTF8')), 'hex')`

/**
 * Anonymize a deleted customer's messages: theirs (customer_id) and the inbound ones from
 * their numbers (`phones`, E.164, plus the numbers their messages went to). The recipient
 * and the idempotency key become hashes, texts and provider metadata go, the number is
 * taken out of reasons and timeline notes. Notes on the opt-outs of those numbers are
 * removed; the opt-outs stay, so the number is still not messaged. What was still waiting
 * to go out is canceled.
 */
export async function anonymizeCustomerData(
  knex: Knex,
  customerId: string,
  phones: string[],
  now = new Date()
): Promise<AnonymizeResult> {
  const own = (await knex(MESSAGE_TABLE)
    .where({ customer_id: customerId })
    .whereIn("channel", ["sms", "viber", "omni"])
    .distinct("recipient")
    .pluck("recipient")) as string[]
  const numbers = [...new Set([...phones, ...own])].filter((p) => p.startsWith("+"))
  const targets = knex(MESSAGE_TABLE)
    .select("id")
    .where({ customer_id: customerId })
    .orWhere((q) => q.where({ direction: "inbound" }).whereIn("recipient", numbers))
  const ids = (await targets.pluck("id")) as string[]
  let messages = 0
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH)
    const pending = (await knex(MESSAGE_TABLE)
      .whereIn("id", chunk)
      .whereIn("status", ["queued", "deferred"])
      .pluck("id")) as string[]
    // Reasons and timeline notes may name the number ("+380… opted out of sms messages").
    await knex.raw(
      `UPDATE ${MESSAGE_EVENT_TABLE} e SET note = replace(e.note, m.recipient, '[removed]'), data = NULL, updated_at = ?
         FROM ${MESSAGE_TABLE} m
        WHERE e.message_id = m.id AND m.id = ANY(?) AND m.recipient NOT LIKE 'sha256:%'`,
      [now, chunk]
    )
    const res = await knex.raw(
      `UPDATE ${MESSAGE_TABLE} m
          SET recipient = ${hashed("m.recipient")},
              idempotency_key = CASE WHEN m.idempotency_key IS NULL THEN NULL ELSE ${hashed("m.idempotency_key")} END,
              error = replace(m.error, m.recipient, '[removed]'),
              body = '', subject = NULL,
              -- nothing more goes to a deleted customer
              status = CASE WHEN m.status IN ('queued', 'deferred') THEN 'canceled' ELSE m.status END,
              next_attempt_at = CASE WHEN m.status IN ('queued', 'deferred') THEN NULL ELSE m.next_attempt_at END,
              metadata = jsonb_build_object('text_removed_at', ?::text, 'anonymized_at', ?::text),
              updated_at = ?
        WHERE m.id = ANY(?) AND m.recipient NOT LIKE 'sha256:%'`,
      [now.toISOString(), now.toISOString(), now, chunk]
    )
    messages += res.rowCount ?? 0
    await insertTimeline(
      knex,
      pending.map((id) => ({
        message_id: id,
        status: "canceled",
        source: "system",
        note: "the customer was deleted",
        occurred_at: now,
      }))
    )
  }
  const opt_out_notes = numbers.length
    ? await knex("messaging_opt_out")
        .whereIn("phone", numbers)
        .whereNotNull("note")
        .update({ note: null, updated_at: now })
    : 0
  return { messages, opt_out_notes }
}
