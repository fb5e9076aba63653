import type { Context } from "@medusajs/framework/types"
import { storableText } from "../text"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"

/** The knex handle of the shared context: the open transaction when there is one. */
export function knexOf(ctx: Context): Knex {
  const em = (ctx.transactionManager ?? ctx.manager) as SqlEntityManager | undefined
  if (!em) {
    throw new Error("messaging: no entity manager in context (decorate the method with @InjectManager)")
  }
  const trx = em.getTransactionContext() as Knex.Transaction | undefined
  return (trx ?? em.getKnex()) as Knex
}

/**
 * Insert many rows with one bind parameter: the rows travel as one JSON array and
 * Postgres expands it with `json_populate_recordset(NULL::<table>, …)`, so each value is
 * typed by its column. Compared with knex's multi-row VALUES (one bind parameter per
 * cell, built and sent one by one) this is a fraction of the CPU for large batches, and
 * has no bind-parameter limit. Every row must have the same keys (`columns`); columns left
 * out get their defaults. Values must be JSON-ready: Dates become ISO strings, objects go
 * to json/jsonb columns as they are.
 */
export async function insertJsonRows<T = Record<string, unknown>>(
  knex: Knex,
  table: string,
  columns: readonly string[],
  rows: Record<string, unknown>[],
  opts: { onConflictDoNothing?: string; returning?: string } = {}
): Promise<T[]> {
  if (!rows.length) return []
  const cols = columns.map((c) => `"${c}"`).join(", ")
  const conflict = opts.onConflictDoNothing ? ` ON CONFLICT ${opts.onConflictDoNothing} DO NOTHING` : ""
  const returning = opts.returning ? ` RETURNING ${opts.returning}` : ""
  const res = await knex.raw(
    `INSERT INTO "${table}" (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::"${table}", ?::json)${conflict}${returning}`,
    [rowsJson(rows)]
  )
  return (res.rows ?? []) as T[]
}

/**
 * JSON.stringify writes a lone UTF-16 surrogate as a `\udXXX` escape, which Postgres'
 * json parser refuses (bound as plain text it would have become U+FFFD), and NUL as
 * `\u0000`, which no text column can hold: both become U+FFFD (storableText).
 */
function rowsJson(rows: Record<string, unknown>[]): string {
  const json = JSON.stringify(rows)
  if (!/\\u(?:[dD][89a-fA-F]|0000)/.test(json)) return json
  return JSON.stringify(rows, (_key, value) => (typeof value === "string" ? storableText(value) : value))
}
