/**
 * Delivery reports and inbound messages: a report may move a message forward, never
 * back (a late "sent" after "delivered" leaves "delivered"); every report is kept on
 * the timeline with the provider's raw status.
 */
import { newId } from "./ids"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { InboundMessage, StatusReport } from "../providers/types"
import type { Channel } from "../types"
import { MESSAGE_TABLE, type MessageRow, canTransition, insertTimeline, insertMessages } from "./messages"

export interface ApplyOutcome {
  message_id: string | null
  applied: boolean
  status: string | null
}

export async function applyStatusReport(
  knex: Knex,
  report: StatusReport,
  scope: { account_id?: string | null; source: string },
  now = new Date()
): Promise<ApplyOutcome> {
  let q = knex(MESSAGE_TABLE).whereNull("deleted_at").where("direction", "outbound")
  if (report.id) q = q.where("id", report.id)
  else if (report.provider_message_id) {
    q = q.where("provider_message_id", report.provider_message_id)
    if (scope.account_id) q = q.where("provider_account_id", scope.account_id)
  } else return { message_id: null, applied: false, status: null }
  const message = (await q.first()) as MessageRow | undefined
  if (!message) return { message_id: null, applied: false, status: null }

  const occurred = report.occurred_at ?? now
  let applied = false
  if (canTransition(message.status, report.status)) {
    const patch: Record<string, unknown> = { status: report.status, updated_at: now, status_checked_at: now }
    if (report.status === "delivered" || report.status === "read") patch.delivered_at = message.delivered_at ?? occurred
    if (report.status === "undelivered" || report.status === "failed") patch.error = report.error ?? `provider reported ${report.raw_status}`
    if (report.cost !== undefined && report.cost !== null) patch.cost = report.cost
    if (report.currency) patch.currency = report.currency
    // Conditional on the status we read: a concurrent report cannot be overwritten backwards.
    const n = await knex(MESSAGE_TABLE).where({ id: message.id, status: message.status }).update(patch).returning("id")
    applied = n.length > 0
  } else {
    await knex(MESSAGE_TABLE).where({ id: message.id }).update({ status_checked_at: now })
  }
  await insertTimeline(knex, [
    {
      message_id: message.id,
      status: applied ? report.status : message.status,
      raw_status: report.raw_status,
      raw_code: report.raw_code ?? null,
      source: scope.source,
      note: applied ? report.error ?? null : `report "${report.raw_status}" ignored: message is already ${message.status}`,
      occurred_at: occurred,
    },
  ])
  return { message_id: message.id, applied, status: applied ? report.status : message.status }
}

export const OPT_OUT_KEYWORDS = ["STOP", "STOPALL", "UNSUBSCRIBE", "END", "QUIT", "REVOKE", "OPTOUT", "CANCEL"]
export const OPT_IN_KEYWORDS = ["START", "UNSTOP", "YES"]

export function inboundKeyword(text: string): "opt_out" | "opt_in" | null {
  const word = text.trim().toUpperCase().replace(/[^A-Z]/g, " ").trim().split(/\s+/)[0] ?? ""
  if (OPT_OUT_KEYWORDS.includes(word)) return "opt_out"
  if (OPT_IN_KEYWORDS.includes(word)) return "opt_in"
  return null
}

export async function addOptOut(knex: Knex, phone: string, channel: string, source: string, note: string | null = null): Promise<boolean> {
  const now = new Date()
  const res = await knex("messaging_opt_out")
    .insert({ id: newId("mopt"), phone, channel, source, note, created_at: now, updated_at: now })
    .onConflict(knex.raw("(phone, channel) WHERE deleted_at IS NULL"))
    .ignore()
    .returning("id")
  return res.length > 0
}

export async function removeOptOut(knex: Knex, phone: string, channel?: string): Promise<number> {
  let q = knex("messaging_opt_out").where({ phone }).whereNull("deleted_at")
  if (channel) q = q.whereIn("channel", [channel, "all"])
  return q.update({ deleted_at: new Date() })
}

/** Opt-outs of these phones: phone → channels. */
export async function optOutsFor(knex: Knex, phones: string[]): Promise<Map<string, Set<string>>> {
  const map = new Map<string, Set<string>>()
  if (!phones.length) return map
  const rows = await knex("messaging_opt_out").whereIn("phone", phones).whereNull("deleted_at").select("phone", "channel")
  for (const r of rows) {
    const set = map.get(r.phone) ?? new Set<string>()
    set.add(r.channel)
    map.set(r.phone, set)
  }
  return map
}

/** Store an inbound message; STOP-like keywords create an opt-out for that phone and channel, START removes it. */
export async function recordInbound(
  knex: Knex,
  inbound: InboundMessage,
  ctx: { channel: Channel; account_id: string; provider_type: string; normalize: (raw: string) => string | null }
): Promise<{ id: string | null; keyword: "opt_out" | "opt_in" | null; phone: string }> {
  const phone = ctx.normalize(inbound.from) ?? inbound.from
  const [row] = await insertMessages(knex, [
    {
      direction: "inbound",
      channel: ctx.channel,
      recipient: phone,
      body: inbound.text,
      status: "received",
      provider_account_id: ctx.account_id,
      provider_type: ctx.provider_type,
      provider_message_id: inbound.provider_message_id ?? null,
      idempotency_key: inbound.provider_message_id ? `inbound|${ctx.account_id}|${inbound.provider_message_id}` : null,
      next_attempt_at: null,
      metadata: { to: inbound.to ?? null, received_at: inbound.received_at.toISOString() },
    },
  ])
  const keyword = inboundKeyword(inbound.text)
  if (row) {
    if (keyword === "opt_out") await addOptOut(knex, phone, ctx.channel === "omni" ? "sms" : ctx.channel, "inbound_keyword", inbound.text.slice(0, 100))
    if (keyword === "opt_in") await removeOptOut(knex, phone, ctx.channel)
  }
  return { id: row?.id ?? null, keyword, phone }
}
