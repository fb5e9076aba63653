/** Aggregates for the admin's charts. */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { MESSAGE_TABLE } from "./messages"

export interface MessageStatsFilter {
  from: Date
  to: Date
  sales_channel_id?: string | null
}

/** Per-day counts and cost of outbound messages. */
export async function messageStats(knex: Knex, filter: MessageStatsFilter): Promise<Array<Record<string, unknown>>> {
  const res = await knex.raw(
    `SELECT to_char(date_trunc('day', created_at), 'YYYY-MM-DD') AS day,
            count(*)::int AS total,
            count(*) FILTER (WHERE status IN ('sent','delivered','read','undelivered'))::int AS sent,
            count(*) FILTER (WHERE status IN ('delivered','read'))::int AS delivered,
            count(*) FILTER (WHERE status IN ('failed','undelivered'))::int AS failed,
            COALESCE(sum(cost), 0)::float AS cost
       FROM ${MESSAGE_TABLE}
      WHERE direction = 'outbound' AND deleted_at IS NULL AND created_at >= ? AND created_at < ?
        ${filter.sales_channel_id ? "AND sales_channel_id = ?" : ""}
      GROUP BY 1 ORDER BY 1`,
    filter.sales_channel_id ? [filter.from, filter.to, filter.sales_channel_id] : [filter.from, filter.to]
  )
  return res.rows
}
