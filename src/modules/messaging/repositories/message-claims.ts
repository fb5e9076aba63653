/**
 * Claims on outbox rows: the dispatcher claims due messages (SKIP LOCKED, leased), renews
 * the lease while it sends, and recovers rows whose lease ran out. Re-exported by messages.ts.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { Channel } from "../types"
import { MESSAGE_TABLE, insertTimeline, type MessageRow } from "./messages"

/** Lease of a claim when the caller gives none (the default `stuck_after_ms`). */
export const DEFAULT_LEASE_MS = 120_000

export interface ClaimOptions {
  limit: number
  workerId: string
  now?: Date
  /** How long the claim is ours without a renewal (database clock). */
  leaseMs?: number
  /** Only these channels (e.g. a dispatcher dedicated to e-mail). */
  channels?: Channel[]
}

/**
 * Claim due messages for sending: queued/deferred rows whose time has come, locked with
 * SKIP LOCKED so concurrent workers never get the same row, marked `sending` in the same
 * statement. Attempts are counted here, before any network call. The claim is leased
 * until `clock_timestamp() + leaseMs` (database clock; see dispatch/lease.ts).
 */
export async function claimDueMessages(knex: Knex, opts: ClaimOptions): Promise<MessageRow[]> {
  const now = opts.now ?? new Date()
  const channelFilter = opts.channels?.length ? `AND channel = ANY(?)` : ""
  const bindings: Knex.RawBinding[] = [
    now,
    now,
    opts.workerId,
    Math.max(1, Math.round(opts.leaseMs ?? DEFAULT_LEASE_MS)),
  ]
  const inner: Knex.RawBinding[] = [now]
  if (opts.channels?.length) inner.push(opts.channels)
  inner.push(opts.limit)
  const result = await knex.raw(
    `UPDATE ${MESSAGE_TABLE} m
        SET status = 'sending', claimed_at = ?, updated_at = ?, claimed_by = ?, attempts = m.attempts + 1,
            lease_expires_at = clock_timestamp() + ? * interval '1 millisecond'
      WHERE m.id IN (
        SELECT id FROM ${MESSAGE_TABLE}
         WHERE status IN ('queued', 'deferred')
           AND direction = 'outbound'
           AND deleted_at IS NULL
           AND next_attempt_at <= ?
           ${channelFilter}
         ORDER BY next_attempt_at, id
         LIMIT ?
         FOR UPDATE SKIP LOCKED)
      RETURNING m.*`,
    [...bindings, ...inner]
  )
  const rows = result.rows as MessageRow[]
  rows.sort((a, b) => +a.next_attempt_at! - +b.next_attempt_at! || a.id.localeCompare(b.id))
  return rows
}

/**
 * When the next message a claim could take comes due (queued or deferred, outbound), or
 * null. One index lookup per status (IDX_messaging_message_due).
 */
export async function nextDueAt(knex: Knex): Promise<Date | null> {
  const due = (status: string) =>
    `(SELECT min(next_attempt_at) FROM ${MESSAGE_TABLE}
       WHERE status = '${status}' AND direction = 'outbound' AND deleted_at IS NULL)`
  const res = await knex.raw(`SELECT LEAST(${due("queued")}, ${due("deferred")}) AS at`)
  const at = res.rows[0]?.at
  return at ? new Date(at) : null
}

/**
 * Extend the lease of rows this worker still holds (`sending`, claimed by it). Returns the
 * ids it still holds: a row recovered by another worker is not taken back.
 */
export async function renewLeases(knex: Knex, ids: string[], workerId: string, leaseMs: number): Promise<string[]> {
  if (!ids.length) return []
  const res = await knex.raw(
    `UPDATE ${MESSAGE_TABLE} SET lease_expires_at = clock_timestamp() + ? * interval '1 millisecond'
      WHERE id = ANY(?) AND status = 'sending' AND claimed_by = ?
      RETURNING id`,
    [Math.max(1, Math.round(leaseMs)), ids, workerId]
  )
  return res.rows.map((r: { id: string }) => r.id)
}

/**
 * Messages whose claim's lease ran out (the worker stopped, or lost the database for
 * longer than the lease). Rows claimed before leases existed (no `lease_expires_at`) are
 * recovered after `olderThanMs`. A live claim is never touched: its worker renews it.
 *
 * They go back to `queued`. `maybe_accepted` is what the worker wrote before its request
 * went out (rows it never sent stay false); legacy rows get true. The dispatcher then
 * asks a provider that can be asked by reference, and applies the account's
 * `unknown_outcome` for one that cannot.
 */
export async function recoverStuckMessages(knex: Knex, olderThanMs: number, now = new Date()): Promise<MessageRow[]> {
  const cutoff = new Date(now.getTime() - olderThanMs)
  const result = await knex.raw(
    `UPDATE ${MESSAGE_TABLE}
        SET status = 'queued', maybe_accepted = (maybe_accepted OR lease_expires_at IS NULL), claimed_by = NULL,
            lease_expires_at = NULL, next_attempt_at = ?, updated_at = ?
      WHERE id IN (SELECT id FROM ${MESSAGE_TABLE}
                    WHERE status = 'sending' AND deleted_at IS NULL
                      AND (lease_expires_at < clock_timestamp() OR (lease_expires_at IS NULL AND claimed_at < ?))
                    FOR UPDATE SKIP LOCKED)
      RETURNING *`,
    [now, now, cutoff]
  )
  const rows = result.rows as MessageRow[]
  await insertTimeline(
    knex,
    rows.map((r) => ({
      message_id: r.id,
      status: "queued",
      source: "system",
      note: "recovered after a worker stopped while sending",
      occurred_at: now,
    }))
  )
  return rows
}
