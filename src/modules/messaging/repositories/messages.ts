/**
 * The outbox's rows and what writes new ones: the message types, the order of statuses,
 * the idempotent insert and the timeline. Claims are in message-claims.ts, the
 * dispatcher's result writes in message-results.ts, admin actions in message-actions.ts.
 */
import { newId } from "./ids"
import { insertJsonRows } from "./knex"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { MessageRow } from "../models/rows"
import type { MessageStatus } from "../types"

export const MESSAGE_TABLE = "messaging_message"
export const MESSAGE_EVENT_TABLE = "messaging_message_event"

export type { MessageRow } from "../models/rows"

/** The columns a new message may be written with; toDbRow fills the rest. */
type NewMessageColumn =
  | "id"
  | "direction"
  | "audience"
  | "subject"
  | "sender"
  | "encoding"
  | "segments"
  | "sales_channel_id"
  | "event_name"
  | "template_code"
  | "order_id"
  | "customer_id"
  | "resource_type"
  | "resource_id"
  | "campaign_id"
  | "idempotency_key"
  | "status"
  | "error"
  | "error_code"
  | "critical"
  | "next_attempt_at"
  | "provider_account_id"
  | "provider_type"
  | "provider_message_id"
  | "parent_id"
  | "metadata"

export type NewMessage = Pick<MessageRow, "channel" | "recipient" | "body"> &
  Partial<Pick<MessageRow, NewMessageColumn>>

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
