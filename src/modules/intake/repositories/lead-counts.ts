import type { Knex } from "@medusajs/framework/mikro-orm/knex"

export interface CollectorCounts {
  leads: number
  with_errors: number
  last_lead_at: string | null
}

/** Leads per collector, and how many of them could not be read cleanly (the admin's counts). */
export async function leadCounts(knex: Knex, collectorIds: string[]): Promise<Record<string, CollectorCounts>> {
  if (!collectorIds.length) return {}
  const rows = await knex("intake_lead")
    .whereIn("collector_id", collectorIds)
    .whereNull("deleted_at")
    .groupBy("collector_id")
    .select(
      "collector_id",
      knex.raw("count(*)::int AS leads"),
      knex.raw("count(*) FILTER (WHERE parse_errors IS NOT NULL)::int AS with_errors"),
      knex.raw("max(created_at) AS last_lead_at")
    )
  const out: Record<string, CollectorCounts> = {}
  for (const r of rows as any[]) {
    out[r.collector_id] = {
      leads: r.leads,
      with_errors: r.with_errors,
      last_lead_at: r.last_lead_at ? new Date(r.last_lead_at).toISOString() : null,
    }
  }
  return out
}
