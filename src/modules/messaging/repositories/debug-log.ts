/** The provider exchange log (masked when recorded). */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { newId } from "./ids"

const DEBUG_LOG_TABLE = "messaging_debug_log"

export async function insertDebugEntries(
  knex: Knex,
  entries: Record<string, unknown>[],
  now = new Date()
): Promise<void> {
  if (!entries.length) return
  await knex(DEBUG_LOG_TABLE).insert(
    entries.map((b) => ({ id: newId("mdbg"), ...b, created_at: now, updated_at: now }))
  )
}

/** Delete entries older than `before` (everything when it is not given); returns how many. */
export async function deleteDebugEntries(knex: Knex, before?: Date | null): Promise<number> {
  const q = knex(DEBUG_LOG_TABLE)
  if (before) q.where("created_at", "<", before)
  return q.delete()
}
