/** Admin actions on messages, and the lookups of the polling and fallback jobs. */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { MESSAGE_TABLE, type MessageRow, insertTimeline } from "./messages"

/** Cancel queued/deferred messages (with a timeline entry); returns the ids canceled. */
export async function cancelWaiting(knex: Knex, ids: string[], note: string, now = new Date()): Promise<string[]> {
  // one array parameter: a campaign's 100,000 ids as `IN (?, …)` would pass Postgres' 65,535 bind parameters
  const rows = await knex(MESSAGE_TABLE)
    .whereRaw("id = ANY(?)", [ids])
    .whereIn("status", ["queued", "deferred"])
    .update({ status: "canceled", next_attempt_at: null, updated_at: now, error: note })
    .returning("id")
  const canceled = rows.map((r: { id: string }) => r.id)
  await insertTimeline(
    knex,
    canceled.map((id: string) => ({ message_id: id, status: "canceled", source: "admin", note, occurred_at: now }))
  )
  return canceled
}

/** Queue deferred/queued messages to go now (with a timeline entry); returns the ids released. */
export async function releaseWaiting(knex: Knex, ids: string[], now = new Date()): Promise<string[]> {
  const rows = await knex(MESSAGE_TABLE)
    .whereIn("id", ids)
    .whereIn("status", ["deferred", "queued"])
    .update({ status: "queued", next_attempt_at: now, updated_at: now })
    .returning("id")
  const released = rows.map((r: { id: string }) => r.id)
  await insertTimeline(
    knex,
    released.map((id: string) => ({
      message_id: id,
      status: "queued",
      source: "admin",
      note: "released to send now",
      occurred_at: now,
    }))
  )
  return released
}

export async function outboundByIds(knex: Knex, ids: string[]): Promise<MessageRow[]> {
  return (await knex(MESSAGE_TABLE)
    .whereIn("id", ids)
    .where("direction", "outbound")
    .whereNull("deleted_at")) as MessageRow[]
}

export async function setCustomerOf(knex: Knex, ids: string[], customerId: string): Promise<void> {
  await knex(MESSAGE_TABLE).whereIn("id", ids).update({ customer_id: customerId })
}

/** The sales channel of the last message sent to a number in the last 90 days (undefined: none). */
export async function lastOutboundTo(
  knex: Knex,
  phone: string
): Promise<{ sales_channel_id: string | null } | undefined> {
  return (
    (await knex(MESSAGE_TABLE)
      .whereNull("deleted_at")
      .where({ direction: "outbound", recipient: phone })
      // the created_at index bounds the search: a reply answers a recent message
      .where("created_at", ">", new Date(Date.now() - 90 * 86_400_000))
      .orderBy("created_at", "desc")
      .first("sales_channel_id")) as { sales_channel_id: string | null } | undefined
  )
}

/** Sent messages of the last three days whose state was not checked since `cutoff`. */
export async function sentAwaitingStatus(knex: Knex, limit: number, cutoff: Date): Promise<MessageRow[]> {
  return (await knex(MESSAGE_TABLE)
    .whereNull("deleted_at")
    .where({ status: "sent", direction: "outbound" })
    .whereNotNull("provider_account_id")
    .where("sent_at", ">", new Date(Date.now() - 3 * 86_400_000))
    .where((q) => q.whereNull("status_checked_at").orWhere("status_checked_at", "<", cutoff))
    .orderBy("status_checked_at", "asc", "first")
    .limit(limit)) as MessageRow[]
}

/** Remember the poll asked about these (those still `sent`). */
export async function markStatusChecked(knex: Knex, ids: string[], at = new Date()): Promise<void> {
  await knex(MESSAGE_TABLE).whereIn("id", ids).where({ status: "sent" }).update({ status_checked_at: at })
}

/** Let the status poll ask about these soon. */
export async function clearStatusChecked(knex: Knex, ids: string[]): Promise<void> {
  await knex(MESSAGE_TABLE).whereIn("id", ids).update({ status_checked_at: null })
}

/** Omni messages with no delivery report by their fallback time. */
export async function dueOmniFallbacks(knex: Knex, limit: number, now = new Date()): Promise<MessageRow[]> {
  return (await knex(MESSAGE_TABLE)
    .whereNull("deleted_at")
    .where({ channel: "omni", direction: "outbound" })
    .whereIn("status", ["sent", "undelivered"])
    .whereNotNull("fallback_at")
    .where("fallback_at", "<=", now)
    .limit(limit)) as MessageRow[]
}

/** The fallback of these Omni messages was queued: clear their fallback time and say so on the timeline. */
export async function markFallbackQueued(
  knex: Knex,
  messages: Pick<MessageRow, "id" | "status">[],
  now = new Date()
): Promise<void> {
  await knex(MESSAGE_TABLE)
    .whereIn(
      "id",
      messages.map((m) => m.id)
    )
    .update({ fallback_at: null })
  await insertTimeline(
    knex,
    messages.map((m) => ({
      message_id: m.id,
      status: m.status,
      source: "system",
      note: "no Viber delivery report in time: SMS fallback queued",
      occurred_at: now,
    }))
  )
}

/** When the last reply through an account was stored. */
export async function lastInboundAt(knex: Knex, accountId: string): Promise<Date | null> {
  const last = (await knex(MESSAGE_TABLE)
    .where({ direction: "inbound", provider_account_id: accountId })
    .max("created_at as at")
    .first()) as { at: Date | null } | undefined
  return last?.at ? new Date(last.at) : null
}

/** The row written for a Notification Module notification id. */
export async function messageOfNotification(knex: Knex, notificationId: string): Promise<{ id: string } | undefined> {
  return knex(MESSAGE_TABLE)
    .where("metadata", "@>", JSON.stringify({ notification_id: notificationId }))
    .first("id")
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
