import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { generateEntityId } from "@medusajs/framework/utils"

/** A mail claimed by a poller that has not finished it in this time may be taken over (a crashed worker). */
export const MAIL_CLAIM_LEASE_MS = 10 * 60 * 1000

export type MailClaim =
  { claimed: true; id: string } | { claimed: false; status: "importing" | "imported"; lead_id: string | null }

/**
 * Claim a mail for import by its Message-ID. The unique key decides between two pollers: the
 * insert of one wins, the other sees the row. A stale claim (its poller died) is taken over.
 */
export async function claimMail(
  knex: Knex,
  input: { collector_id: string; message_id: string; worker: string; imap_uid?: number | null }
): Promise<MailClaim> {
  const id = generateEntityId(undefined, "imail")
  const inserted = await knex.raw(
    `INSERT INTO intake_mail_receipt (id, collector_id, message_id, status, claimed_by, claimed_at, imap_uid, created_at, updated_at)
     VALUES (?, ?, ?, 'importing', ?, now(), ?, now(), now())
     ON CONFLICT (collector_id, message_id) WHERE deleted_at IS NULL DO NOTHING RETURNING id`,
    [id, input.collector_id, input.message_id, input.worker, input.imap_uid ?? null]
  )
  if (inserted.rows.length) return { claimed: true, id }
  const stale = await knex.raw(
    `UPDATE intake_mail_receipt SET claimed_by = ?, claimed_at = now(), updated_at = now()
     WHERE collector_id = ? AND message_id = ? AND deleted_at IS NULL AND status = 'importing'
       AND claimed_at < now() - (? || ' milliseconds')::interval RETURNING id`,
    [input.worker, input.collector_id, input.message_id, String(MAIL_CLAIM_LEASE_MS)]
  )
  if (stale.rows.length) return { claimed: true, id: stale.rows[0].id }
  const row = await knex("intake_mail_receipt")
    .where({ collector_id: input.collector_id, message_id: input.message_id })
    .whereNull("deleted_at")
    .first("status", "lead_id")
  return { claimed: false, status: row?.status ?? "importing", lead_id: row?.lead_id ?? null }
}

/** The receipts already imported among these Message-IDs (mails a poller only has to flag). */
export async function importedMessageIds(knex: Knex, collectorId: string, messageIds: string[]): Promise<Set<string>> {
  if (!messageIds.length) return new Set()
  const rows = await knex("intake_mail_receipt")
    .where({ collector_id: collectorId, status: "imported" })
    .whereIn("message_id", messageIds)
    .whereNull("deleted_at")
    .select("message_id")
  return new Set(rows.map((r: { message_id: string }) => r.message_id))
}

/** A claim given up (its lead could not be written): the mail is tried again by a later poll. */
export async function releaseMail(knex: Knex, receiptId: string): Promise<void> {
  await knex("intake_mail_receipt").where({ id: receiptId, status: "importing" }).delete()
}

/** The first caller of an outage wins the right to send its alert e-mail (two workers send one). */
export async function markAlerted(knex: Knex, collectorId: string): Promise<boolean> {
  const res = await knex.raw(
    `UPDATE intake_collector SET alerted_at = now(), updated_at = now() WHERE id = ? AND alerted_at IS NULL RETURNING id`,
    [collectorId]
  )
  return res.rows.length > 0
}
