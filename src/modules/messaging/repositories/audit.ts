/** The audit trail's retention (entries are written and read through the generated CRUD). */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"

const AUDIT_TABLE = "messaging_audit_entry"

/** Delete audit entries older than `before`; returns how many. */
export async function pruneAuditEntries(knex: Knex, before: Date): Promise<number> {
  return knex(AUDIT_TABLE).where("created_at", "<", before).delete()
}
