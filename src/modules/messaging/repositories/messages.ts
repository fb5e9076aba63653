/**
 * Outbox operations that need SQL the generated CRUD cannot express: idempotent insert,
 * claiming with FOR UPDATE SKIP LOCKED, monotonic status changes.
 */
import { newId } from "./ids"
import { insertJsonRows } from "./knex"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { Audience, Channel, MessageDirection, MessageStatus } from "../types"

export const MESSAGE_TABLE = "messaging_message"
export const MESSAGE_EVENT_TABLE = "messaging_message_event"

export interface NewMessage {
  id?: string
  direction?: MessageDirection
  channel: Channel
  recipient: string
  audience?: Audience | null
  subject?: string | null
  body: string
  sender?: string | null
  encoding?: string | null
  segments?: number | null
  sales_channel_id?: string | null
  event_name?: string | null
  template_code?: string | null
  order_id?: string | null
  customer_id?: string | null
  resource_type?: string | null
  resource_id?: string | null
  campaign_id?: string | null
  idempotency_key?: string | null
  status?: MessageStatus
  error?: string | null
  error_code?: string | null
  critical?: boolean
  next_attempt_at?: Date | null
  provider_account_id?: string | null
  provider_type?: string | null
  provider_message_id?: string | null
  parent_id?: string | null
  metadata?: Record<string, unknown> | null
}

export interface MessageRow extends Required<Omit<NewMessage, "metadata">> {
  id: string
  metadata: Record<string, unknown> | null
  attempts: number
  claimed_at: Date | null
  claimed_by: string | null
  lease_expires_at: Date | null
  maybe_accepted: boolean
  cost: number | null
  currency: string | null
  sent_at: Date | null
  delivered_at: Date | null
  fallback_at: Date | null
  created_at: Date
  updated_at: Date
  deleted_at: Date | null
}

/**
 * Order of progress: a report may move a message forward, never back
 * (delivered stays delivered when a late "sent" arrives).
 */
const RANK: Record<MessageStatus, number> = {
  queued: 0,
  deferred: 0,
  sending: 1,
  sent: 2,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  read: 5,
  skipped: 9,
  canceled: 9,
  received: 9,
  // may be at the provider, which cannot say: like "sent" (a later report may move it on)
  unknown: 2,
}

/** May a message in `from` move to `to`? */
export function canTransition(from: MessageStatus, to: MessageStatus): boolean {
  if (from === to) return false
  if (from === "skipped" || from === "canceled" || from === "received") return false
  // An admin may cancel or resend only what has not gone out.
  if (to === "canceled") return from === "queued" || from === "deferred"
  // A final failure can still be corrected by a later positive report (e.g. delivered after undelivered is unusual, keep first final).
  if ((from === "delivered" || from === "undelivered" || from === "failed") && to !== "read") return false
  if (from === "delivered" && to === "read") return true
  return RANK[to] > RANK[from] || (from === "sending" && (to === "queued" || to === "deferred"))
}

function toDbRow(m: NewMessage, now: Date) {
  return {
    id: m.id ?? newId("msg"),
    direction: m.direction ?? "outbound",
    channel: m.channel,
    recipient: m.recipient,
    audience: m.audience ?? null,
    subject: m.subject ?? null,
    body: m.body,
    sender: m.sender ?? null,
    encoding: m.encoding ?? null,
    segments: m.segments ?? null,
    sales_channel_id: m.sales_channel_id ?? null,
    event_name: m.event_name ?? null,
    template_code: m.template_code ?? null,
    order_id: m.order_id ?? null,
    customer_id: m.customer_id ?? null,
    resource_type: m.resource_type ?? null,
    resource_id: m.resource_id ?? null,
    campaign_id: m.campaign_id ?? null,
    idempotency_key: m.idempotency_key ?? null,
    status: m.status ?? "queued",
    error: m.error ?? null,
    error_code: m.error_code ?? null,
    critical: m.critical ?? false,
    attempts: 0,
    next_attempt_at: m.next_attempt_at ?? (m.status === undefined || m.status === "queued" ? now : null),
    provider_account_id: m.provider_account_id ?? null,
    provider_type: m.provider_type ?? null,
    provider_message_id: m.provider_message_id ?? null,
    parent_id: m.parent_id ?? null,
    metadata: m.metadata ?? null,
    created_at: now,
    updated_at: now,
  }
}

const MESSAGE_INSERT_COLUMNS = Object.keys(toDbRow({ channel: "sms", recipient: "", body: "" }, new Date()))
const EVENT_INSERT_COLUMNS = [
  "id",
  "message_id",
  "status",
  "raw_status",
  "raw_code",
  "source",
  "note",
  "occurred_at",
  "data",
  "created_at",
  "updated_at",
]

/**
 * Insert messages; a row whose idempotency key already exists is not inserted again.
 * Returns only the rows this call created (with their first timeline entry written).
 */
export async function insertMessages(knex: Knex, messages: NewMessage[], now = new Date()): Promise<MessageRow[]> {
  if (!messages.length) return []
  const created: MessageRow[] = []
  for (let i = 0; i < messages.length; i += 1000) {
    const inserted = await insertJsonRows<MessageRow>(
      knex,
      MESSAGE_TABLE,
      MESSAGE_INSERT_COLUMNS,
      messages.slice(i, i + 1000).map((m) => toDbRow(m, now)),
      {
        onConflictDoNothing: "(idempotency_key) WHERE idempotency_key IS NOT NULL AND deleted_at IS NULL",
        returning: "*",
      }
    )
    for (const row of inserted) created.push(row)
  }
  if (created.length) {
    await insertTimeline(
      knex,
      created.map((m) => ({
        message_id: m.id,
        status: m.status,
        source: "system",
        note: m.error ?? (m.status === "deferred" ? "held for quiet hours" : null),
        occurred_at: now,
      }))
    )
  }
  return created
}

export interface TimelineEntry {
  message_id: string
  status: string
  raw_status?: string | null
  raw_code?: string | null
  source: string
  note?: string | null
  occurred_at: Date
  data?: Record<string, unknown> | null
}

export async function insertTimeline(knex: Knex, entries: TimelineEntry[]): Promise<void> {
  if (!entries.length) return
  const now = new Date()
  for (let i = 0; i < entries.length; i += 1000) {
    await insertJsonRows(
      knex,
      MESSAGE_EVENT_TABLE,
      EVENT_INSERT_COLUMNS,
      entries.slice(i, i + 1000).map((e) => ({
        id: newId("mevt"),
        message_id: e.message_id,
        status: e.status,
        raw_status: e.raw_status ?? null,
        raw_code: e.raw_code ?? null,
        source: e.source,
        note: e.note ?? null,
        occurred_at: e.occurred_at,
        data: e.data ?? null,
        created_at: now,
        updated_at: now,
      }))
    )
  }
}

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

/** "Send again" for messages whose outcome is unknown (status `unknown`): queued now, as not sent. */
export async function sendUnknownAgain(knex: Knex, ids: string[], now = new Date()): Promise<string[]> {
  if (!ids.length) return []
  const rows = await knex(MESSAGE_TABLE)
    .whereIn("id", ids)
    .where({ status: "unknown", direction: "outbound" })
    .whereNull("deleted_at")
    .update({
      status: "queued",
      maybe_accepted: false,
      next_attempt_at: now,
      error: null,
      error_code: null,
      updated_at: now,
    })
    .returning("id")
  const sent = rows.map((r: { id: string }) => r.id)
  await insertTimeline(
    knex,
    sent.map((id: string) => ({
      message_id: id,
      status: "queued",
      source: "admin",
      note: "sent again by an admin (the first attempt's outcome was unknown)",
      occurred_at: now,
    }))
  )
  return sent
}

/** Remember the accounts a message must not be sent through again (kept in its metadata). */
export async function saveExcludedAccounts(knex: Knex, id: string, accountIds: string[]): Promise<void> {
  await knex.raw(
    `UPDATE ${MESSAGE_TABLE} SET metadata = COALESCE(metadata, '{}'::jsonb) || jsonb_build_object('excluded_accounts', ?::jsonb) WHERE id = ?`,
    [JSON.stringify(accountIds), id]
  )
}

// Claims and their leases live in message-claims.ts; imported from here as before.
export {
  DEFAULT_LEASE_MS,
  claimDueMessages,
  recoverStuckMessages,
  renewLeases,
  type ClaimOptions,
} from "./message-claims"
