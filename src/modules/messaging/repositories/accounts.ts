/**
 * Provider-account health in Postgres. Transitions are conditional UPDATEs, so when
 * several workers see the same outage exactly one of them wins "went_down" (and sends
 * the one outage e-mail), and exactly one wins "recovered".
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { AccountRow } from "../models/rows"

export const ACCOUNT_TABLE = "messaging_provider_account"

export type { AccountRow } from "../models/rows"

export async function listUsableAccounts(knex: Knex): Promise<AccountRow[]> {
  return (await knex(ACCOUNT_TABLE)
    .whereNull("deleted_at")
    .where({ enabled: true })
    .orderBy([{ column: "priority" }, { column: "created_at" }])) as AccountRow[]
}

export type HealthTransitionResult =
  | { transition: null }
  | { transition: "went_down"; down_since: Date; failures: number }
  | { transition: "recovered"; down_since: Date | null }

export async function recordAccountSuccess(knex: Knex, id: string, now = new Date()): Promise<HealthTransitionResult> {
  await knex(ACCOUNT_TABLE)
    .where({ id })
    .where("consecutive_failures", ">", 0)
    .update({ consecutive_failures: 0, updated_at: now })
  const res = await knex.raw(
    `UPDATE ${ACCOUNT_TABLE} a SET health_status = 'healthy', down_since = NULL, last_error = NULL, consecutive_failures = 0, last_probe_at = ?, updated_at = ?
       FROM (SELECT id, down_since FROM ${ACCOUNT_TABLE} WHERE id = ? AND health_status = 'unhealthy' FOR UPDATE) old
      WHERE a.id = old.id
      RETURNING old.down_since`,
    [now, now, id]
  )
  if (!res.rows.length) return { transition: null }
  return { transition: "recovered", down_since: res.rows[0].down_since }
}

export async function recordAccountFailure(
  knex: Knex,
  id: string,
  error: string,
  opts: { threshold: number; immediate?: boolean },
  now = new Date()
): Promise<HealthTransitionResult> {
  const res = await knex.raw(
    `UPDATE ${ACCOUNT_TABLE} SET consecutive_failures = consecutive_failures + 1, last_error = ?, updated_at = ?
      WHERE id = ? RETURNING consecutive_failures, health_status`,
    [error.slice(0, 2000), now, id]
  )
  const row = res.rows[0]
  if (!row || row.health_status !== "healthy") return { transition: null }
  if (!opts.immediate && row.consecutive_failures < opts.threshold) return { transition: null }
  const down = await knex(ACCOUNT_TABLE)
    .where({ id, health_status: "healthy" })
    .update({ health_status: "unhealthy", down_since: now, updated_at: now })
    .returning("id")
  if (!down.length) return { transition: null }
  return { transition: "went_down", down_since: now, failures: row.consecutive_failures }
}

/** Record a balance; returns "below"/"above" once per crossing of the threshold. */
export async function recordBalance(
  knex: Knex,
  id: string,
  balance: { amount: number; currency: string | null; credit_limit?: number | null },
  threshold: number | null,
  now = new Date()
): Promise<"below" | "above" | null> {
  await knex(ACCOUNT_TABLE)
    .where({ id })
    .update({
      balance_amount: balance.amount,
      balance_currency: balance.currency,
      credit_limit: balance.credit_limit ?? null,
      balance_checked_at: now,
      updated_at: now,
    })
  if (threshold === null || threshold === undefined) return null
  if (balance.amount < threshold) {
    const n = await knex(ACCOUNT_TABLE)
      .where({ id, low_balance_alerted: false })
      .update({ low_balance_alerted: true })
      .returning("id")
    return n.length ? "below" : null
  }
  const n = await knex(ACCOUNT_TABLE)
    .where({ id, low_balance_alerted: true })
    .update({ low_balance_alerted: false })
    .returning("id")
  return n.length ? "above" : null
}

/** An account that is not deleted (null when there is none). */
export async function loadAccount(knex: Knex, id: string): Promise<AccountRow | null> {
  return ((await knex(ACCOUNT_TABLE).where({ id }).whereNull("deleted_at").first()) as AccountRow | undefined) ?? null
}

/** Enabled accounts, optionally only those in a health state. */
export async function enabledAccounts(knex: Knex, health?: AccountRow["health_status"]): Promise<AccountRow[]> {
  return (await knex(ACCOUNT_TABLE)
    .whereNull("deleted_at")
    .where({ enabled: true, ...(health ? { health_status: health } : {}) })) as AccountRow[]
}

/** A probe of an unhealthy account failed (the error is already masked). */
export async function recordProbeFailure(knex: Knex, id: string, error: string, now = new Date()): Promise<void> {
  await knex(ACCOUNT_TABLE).where({ id }).update({ last_probe_at: now, last_error: error })
}
