/**
 * The dispatcher's writes of what happened to a claimed row: where it is being sent,
 * accepted, back in the queue or failed (each only under the claim it belongs to), and
 * the failover of what waits on an account that went down.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { MESSAGE_TABLE, insertTimeline } from "./messages"

export interface AcceptedUpdate {
  id: string
  /** The claim this result belongs to: a row reclaimed by another worker is not overwritten. */
  claimed_at?: Date | null
  provider_message_id: string
  cost: number | null
  currency: string | null
  raw_status: string | null
}

/**
 * Mark claimed messages as accepted by the provider, in one statement for the batch.
 * Rows still `sending` under this claim change; so does a row whose outcome was left
 * open (`queued` with maybe_accepted after recovery, or `unknown`): a late answer is the
 * provider saying it has the message. A row sent again meanwhile (another claim) is left.
 * `claimed_by` stays: it records which worker sent the message (the lease is what ends).
 */
export async function markAccepted(
  knex: Knex,
  items: AcceptedUpdate[],
  account: { id: string; type: string },
  now = new Date(),
  extra: { fallback_at?: Map<string, Date> } = {}
): Promise<string[]> {
  if (!items.length) return []
  const values = items.map(() => "(?, ?, ?::double precision, ?, ?::timestamptz, ?::timestamptz)").join(", ")
  const bindings: Knex.RawBinding[] = []
  for (const it of items) {
    bindings.push(
      it.id,
      it.provider_message_id,
      it.cost,
      it.currency,
      extra.fallback_at?.get(it.id) ?? null,
      it.claimed_at ?? null
    )
  }
  const res = await knex.raw(
    `UPDATE ${MESSAGE_TABLE} m
        SET status = 'sent', provider_message_id = v.pmid, cost = v.cost, currency = v.currency,
            provider_account_id = ?, provider_type = ?, sent_at = ?, updated_at = ?,
            error = NULL, error_code = NULL, maybe_accepted = false, fallback_at = v.fallback_at,
            lease_expires_at = NULL
       FROM (VALUES ${values}) AS v(id, pmid, cost, currency, fallback_at, claimed_at)
      WHERE m.id = v.id
        AND ((m.status = 'sending' AND (v.claimed_at IS NULL OR m.claimed_at = v.claimed_at))
          OR (m.status IN ('queued', 'unknown') AND m.maybe_accepted))
      RETURNING m.id`,
    [account.id, account.type, now, now, ...bindings]
  )
  const ids: string[] = res.rows.map((r: { id: string }) => r.id)
  const byId = new Map(items.map((i) => [i.id, i]))
  await insertTimeline(
    knex,
    ids.map((id) => ({
      message_id: id,
      status: "sent",
      raw_status: byId.get(id)?.raw_status ?? null,
      source: "dispatcher",
      note: `accepted by ${account.type} as ${byId.get(id)?.provider_message_id}`,
      occurred_at: now,
    }))
  )
  return ids
}

export interface RequeueUpdate {
  id: string
  /** `unknown`: may be at a provider that cannot be asked; held for an admin (unknown_outcome "hold"). */
  status: "queued" | "failed" | "unknown"
  next_attempt_at: Date | null
  error: string
  error_code: string | null
  maybe_accepted?: boolean
  /** This claim did not really try to send (e.g. a lookup the provider could not answer): don't count it. */
  refund_attempt?: boolean
  /** The claim this result belongs to (see AcceptedUpdate). */
  claimed_at?: Date | null
}

/** Put claimed messages back in the queue for a later attempt, or fail them, in one statement. */
export async function markRetryOrFailed(
  knex: Knex,
  items: RequeueUpdate[],
  source = "dispatcher",
  now = new Date()
): Promise<void> {
  if (!items.length) return
  const values = items.map(() => "(?, ?, ?::timestamptz, ?, ?, ?::boolean, ?::boolean, ?::timestamptz)").join(", ")
  const bindings: Knex.RawBinding[] = []
  for (const it of items) {
    bindings.push(
      it.id,
      it.status,
      it.next_attempt_at,
      it.error.slice(0, 2000),
      it.error_code,
      it.maybe_accepted ?? false,
      it.refund_attempt ?? false,
      it.claimed_at ?? null
    )
  }
  const res = await knex.raw(
    `UPDATE ${MESSAGE_TABLE} m
        SET status = v.status, next_attempt_at = v.next_attempt_at, error = v.error, error_code = v.error_code,
            maybe_accepted = v.maybe_accepted, claimed_by = NULL, lease_expires_at = NULL, updated_at = ?,
            attempts = CASE WHEN v.refund_attempt THEN GREATEST(m.attempts - 1, 0) ELSE m.attempts END
       FROM (VALUES ${values}) AS v(id, status, next_attempt_at, error, error_code, maybe_accepted, refund_attempt, claimed_at)
      WHERE m.id = v.id AND m.status = 'sending' AND (v.claimed_at IS NULL OR m.claimed_at = v.claimed_at)
      RETURNING m.id, m.status, m.error, m.error_code`,
    [now, ...bindings]
  )
  await insertTimeline(
    knex,
    res.rows.map((r: { id: string; status: string; error: string; error_code: string | null }) => ({
      message_id: r.id,
      status: r.status,
      raw_code: r.error_code,
      source,
      note: r.error,
      occurred_at: now,
    }))
  )
}

/**
 * Record which account a claimed batch is being sent through, before the request goes
 * out, and that it may reach the provider from now on (`maybe_accepted`): a crash
 * mid-request leaves both on the row, and recovery knows the outcome is open. Rows the
 * worker no longer holds are left alone; returns the ids it may send.
 */
export async function markSendingTo(
  knex: Knex,
  ids: string[],
  account: { id: string; type: string },
  workerId?: string
): Promise<string[]> {
  if (!ids.length) return []
  let q = knex(MESSAGE_TABLE).whereIn("id", ids).where("status", "sending")
  if (workerId) q = q.where("claimed_by", workerId)
  const rows = await q
    .update({ provider_account_id: account.id, provider_type: account.type, maybe_accepted: true })
    .returning("id")
  return rows.map((r: { id: string }) => r.id)
}

/**
 * An account went down: what waits for a retry on it may go to the next account now
 * (a maybe-accepted message stays if the account can be asked by reference).
 */
export async function retryNowElsewhere(
  knex: Knex,
  accountId: string,
  keepMaybeAccepted: boolean,
  now = new Date()
): Promise<number> {
  let q = knex(MESSAGE_TABLE)
    .where({ provider_account_id: accountId, status: "queued" })
    .where("next_attempt_at", ">", now)
    .whereNull("deleted_at")
  if (keepMaybeAccepted) q = q.where("maybe_accepted", false)
  return q.update({ next_attempt_at: now, updated_at: now })
}

/** Remember the accounts a message must not be sent through again (kept in its metadata). */
export async function saveExcludedAccounts(knex: Knex, id: string, accountIds: string[]): Promise<void> {
  await knex.raw(
    `UPDATE ${MESSAGE_TABLE} SET metadata = COALESCE(metadata, '{}'::jsonb) || jsonb_build_object('excluded_accounts', ?::jsonb) WHERE id = ?`,
    [JSON.stringify(accountIds), id]
  )
}
