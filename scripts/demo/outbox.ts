/** What the demo reads from the plugin's tables: whether they exist, and the outbox. */
import { withClient } from "../../test/support/db"

export interface OutboxRow {
  channel: string
  recipient: string
  status: string
  provider_type: string | null
  sender: string | null
  event_name: string | null
  template_code: string | null
  error: string | null
  body: string
}

/** Whether the plugin's migrations have run in this database. */
export async function pluginTablesExist(url: string): Promise<boolean> {
  return withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT to_regclass('public.messaging_message') AS m, to_regclass('public.messaging_general_setting') AS g`
    )
    return !!rows[0]?.m && !!rows[0]?.g
  })
}

/** The plugin's outbox/history table (empty list if it is not there). */
export async function readOutbox(url: string): Promise<OutboxRow[]> {
  return withClient(url, async (c) => {
    const exists = await c.query(`SELECT to_regclass('public.messaging_message') AS t`)
    if (!exists.rows[0]?.t) return []
    const { rows } = await c.query(
      `SELECT channel, recipient, status, provider_type, sender, event_name, template_code, error, body
         FROM messaging_message WHERE deleted_at IS NULL ORDER BY created_at, id`
    )
    return rows as OutboxRow[]
  })
}
