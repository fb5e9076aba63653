/** Campaign state changes and progress counts. */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { MESSAGE_TABLE } from "./messages"

const CAMPAIGN_TABLE = "messaging_campaign"

export async function loadCampaign(knex: Knex, id: string): Promise<Record<string, any> | null> {
  const [campaign] = await knex(CAMPAIGN_TABLE).where({ id }).whereNull("deleted_at")
  return campaign ?? null
}

/** Pause a campaign and hold its waiting rows (deferred with no time); returns how many rows. */
export async function pauseCampaignRows(knex: Knex, id: string): Promise<number> {
  await knex(CAMPAIGN_TABLE)
    .where({ id })
    .whereIn("status", ["running", "enqueuing"])
    .update({ status: "paused", updated_at: new Date() })
  // Rows held for the night are paused too: they would otherwise go out in the morning.
  return knex(MESSAGE_TABLE)
    .where({ campaign_id: id })
    .whereIn("status", ["queued", "deferred"])
    .update({ status: "deferred", next_attempt_at: null, updated_at: new Date() })
}

export async function markCampaignRunning(knex: Knex, id: string): Promise<void> {
  await knex(CAMPAIGN_TABLE).where({ id, status: "paused" }).update({ status: "running", updated_at: new Date() })
}

/** Ids of a paused campaign's held rows, oldest first. */
export async function pausedCampaignMessageIds(knex: Knex, id: string): Promise<string[]> {
  return (await knex(MESSAGE_TABLE)
    .where({ campaign_id: id, status: "deferred" })
    .whereNull("next_attempt_at")
    .orderBy([{ column: "created_at" }, { column: "id" }])
    .pluck("id")) as string[]
}

/** Give held rows their new times and statuses (only rows still held); returns how many changed. */
export async function rescheduleHeldRows(
  knex: Knex,
  plan: { id: string; at: string; status: string }[]
): Promise<number> {
  const res = await knex.raw(
    `UPDATE ${MESSAGE_TABLE} m SET status = p.status, next_attempt_at = p.at, updated_at = now()
       FROM json_to_recordset(?::json) AS p(id text, at timestamptz, status text)
      WHERE m.id = p.id AND m.status = 'deferred' AND m.next_attempt_at IS NULL`,
    [JSON.stringify(plan)]
  )
  return res.rowCount ?? 0
}

/** Mark a campaign canceled; returns the ids of its rows still waiting. */
export async function markCampaignCanceled(knex: Knex, id: string): Promise<string[]> {
  await knex(CAMPAIGN_TABLE)
    .where({ id })
    .whereNotIn("status", ["completed", "canceled"])
    .update({ status: "canceled", finished_at: new Date(), updated_at: new Date() })
  return (await knex(MESSAGE_TABLE)
    .where({ campaign_id: id })
    .whereIn("status", ["queued", "deferred"])
    .pluck("id")) as string[]
}

/** Messages of a campaign per status, and when the next waiting one is due. */
export async function campaignProgress(
  knex: Knex,
  id: string
): Promise<{ progress: Record<string, number>; next_send_at: Date | null }> {
  const rows: { status: string; count: string; next: Date | null }[] = await knex(MESSAGE_TABLE)
    .where({ campaign_id: id })
    .groupBy("status")
    .select("status", knex.raw("count(*) AS count"), knex.raw("min(next_attempt_at) AS next"))
  const out: Record<string, number> = {
    total: 0,
    queued: 0,
    deferred: 0,
    sending: 0,
    sent: 0,
    delivered: 0,
    read: 0,
    undelivered: 0,
    failed: 0,
    skipped: 0,
    canceled: 0,
  }
  let next: Date | null = null
  for (const r of rows) {
    out[r.status] = Number(r.count)
    out.total += Number(r.count)
    if ((r.status === "queued" || r.status === "deferred") && r.next && (!next || r.next < next))
      next = new Date(r.next)
  }
  return { progress: out, next_send_at: next }
}

/** Running campaigns with nothing left to send are completed; returns how many. */
export async function completeFinishedCampaigns(knex: Knex): Promise<number> {
  const res = await knex.raw(
    `UPDATE ${CAMPAIGN_TABLE} c SET status = 'completed', finished_at = now(), updated_at = now()
      WHERE c.status = 'running' AND c.deleted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM ${MESSAGE_TABLE} m WHERE m.campaign_id = c.id AND m.status IN ('queued', 'deferred', 'sending'))
      RETURNING c.id`
  )
  return res.rows.length
}
