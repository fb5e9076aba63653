/**
 * Consent at claim time: the opt-outs of a claimed batch in one statement, and the write
 * that skips the claimed messages that may not go out.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { MESSAGE_TABLE, insertTimeline } from "./messages"

export interface ClaimedRecipient {
  id: string
  recipient: string
  sales_channel_id: string | null
}

export interface ClaimedOptOut {
  /** The claimed message. */
  id: string
  /** The channels its recipient opted out of ("all" = every phone channel). */
  channels: string[]
  /** Its site sends transactional messages to opted-out numbers anyway. */
  transactional_ignores_opt_out: boolean
}

/**
 * The opt-outs of the recipients of claimed messages, with each message's site setting
 * (its sales channel's enabled site, else the global one, as loadSite picks it). One
 * query for the whole batch; messages whose recipient has no opt-out are not returned.
 */
export async function optOutsOfClaimed(knex: Knex, messages: ClaimedRecipient[]): Promise<ClaimedOptOut[]> {
  if (!messages.length) return []
  const res = await knex.raw(
    `SELECT v.id, array_agg(DISTINCT o.channel) AS channels, COALESCE(bool_or(site.lenient), false) AS lenient
       FROM json_to_recordset(?::json) AS v(id text, recipient text, sales_channel_id text)
       JOIN messaging_opt_out o ON o.phone = v.recipient AND o.deleted_at IS NULL
       LEFT JOIN LATERAL (
              SELECT s.transactional_ignores_opt_out AS lenient FROM messaging_site s
               WHERE s.deleted_at IS NULL
                 AND (s.sales_channel_id IS NULL OR (s.sales_channel_id = v.sales_channel_id AND s.enabled))
               ORDER BY s.sales_channel_id IS NULL, s.created_at
               LIMIT 1) site ON true
      GROUP BY v.id`,
    [JSON.stringify(messages.map((m) => ({ id: m.id, recipient: m.recipient, sales_channel_id: m.sales_channel_id })))]
  )
  return (res.rows as { id: string; channels: string[]; lenient: boolean }[]).map((r) => ({
    id: r.id,
    channels: r.channels,
    transactional_ignores_opt_out: !!r.lenient,
  }))
}

export interface SkipUpdate {
  id: string
  error: string
  error_code: string
  /** The claim this belongs to: a row reclaimed by another worker is not touched. */
  claimed_at?: Date | null
}

/**
 * Skip claimed messages (still `sending` under this claim) with their reason, in one
 * statement; the claim's attempt is not counted (nothing was sent). Returns the skipped ids.
 */
export async function markSkippedAtClaim(
  knex: Knex,
  items: SkipUpdate[],
  source = "dispatcher",
  now = new Date()
): Promise<string[]> {
  if (!items.length) return []
  const res = await knex.raw(
    `UPDATE ${MESSAGE_TABLE} m
        SET status = 'skipped', next_attempt_at = NULL, error = v.error, error_code = v.error_code,
            claimed_by = NULL, maybe_accepted = false, updated_at = ?, attempts = GREATEST(m.attempts - 1, 0)
       FROM json_to_recordset(?::json) AS v(id text, error text, error_code text, claimed_at timestamptz)
      WHERE m.id = v.id AND m.status = 'sending' AND (v.claimed_at IS NULL OR m.claimed_at = v.claimed_at)
      RETURNING m.id, m.error, m.error_code`,
    [
      now,
      JSON.stringify(
        items.map((it) => ({
          id: it.id,
          error: it.error,
          error_code: it.error_code,
          claimed_at: it.claimed_at ?? null,
        }))
      ),
    ]
  )
  const rows = res.rows as { id: string; error: string; error_code: string }[]
  await insertTimeline(
    knex,
    rows.map((r) => ({
      message_id: r.id,
      status: "skipped",
      raw_code: r.error_code,
      source,
      note: r.error,
      occurred_at: now,
    }))
  )
  return rows.map((r) => r.id)
}
