/**
 * Delivery reports and inbound messages: a report may move a message forward, never
 * back (a late "sent" after "delivered" leaves "delivered"); every report is kept on
 * the timeline with the provider's raw status.
 */
import { newId } from "./ids"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { InboundMessage, StatusReport } from "../providers/types"
import { type ReplyKeywordLists, consentKeyword } from "../consent/reply-keywords"
import type { Channel } from "../types"
import { MESSAGE_TABLE, type MessageRow, canTransition, insertTimeline, insertMessages } from "./messages"

export interface ApplyOutcome {
  message_id: string | null
  applied: boolean
  status: string | null
}

/** One report; matched by our id, else by the provider's id within the account. */
export async function applyStatusReport(
  knex: Knex,
  report: StatusReport,
  scope: { account_id?: string | null; source: string },
  now = new Date()
): Promise<ApplyOutcome> {
  if (!report.id) {
    if (!report.provider_message_id) return { message_id: null, applied: false, status: null }
    let q = knex(MESSAGE_TABLE)
      .whereNull("deleted_at")
      .where({ direction: "outbound", provider_message_id: report.provider_message_id })
    if (scope.account_id) q = q.where("provider_account_id", scope.account_id)
    const found = (await q.first("id")) as { id: string } | undefined
    if (!found) return { message_id: null, applied: false, status: null }
    report = { ...report, id: found.id }
  }
  const [outcome] = await applyStatusReports(knex, [report], scope, now)
  return outcome
}

/**
 * Reports (a status poll, a webhook with a batch): one read, one conditional update, one
 * timeline insert for all. A report moves a message forward only (canTransition), checked
 * against the status read and again in the UPDATE, so a concurrent report is never
 * overwritten backwards. Reports without our id, and a second report for a message
 * already in the batch, go one by one after it (applyStatusReport).
 */
export async function applyStatusReports(
  knex: Knex,
  reports: StatusReport[],
  scope: { account_id?: string | null; source: string },
  now = new Date()
): Promise<ApplyOutcome[]> {
  const outcomes: ApplyOutcome[] = new Array(reports.length)
  const batch: number[] = []
  const later: number[] = []
  const seen = new Set<string>()
  reports.forEach((r, i) => {
    if (r.id && !seen.has(r.id)) {
      seen.add(r.id)
      batch.push(i)
    } else later.push(i)
  })
  if (batch.length) {
    const rows = (await knex(MESSAGE_TABLE)
      .whereNull("deleted_at")
      .where("direction", "outbound")
      .whereIn("id", [...seen])
      .select("id", "status", "delivered_at")) as Pick<MessageRow, "id" | "status" | "delivered_at">[]
    const current = new Map(rows.map((r) => [r.id, r]))
    const patches: Record<string, unknown>[] = []
    const unchanged: string[] = []
    for (const i of batch) {
      const report = reports[i]
      const message = current.get(report.id!)
      if (!message) {
        outcomes[i] = { message_id: null, applied: false, status: null }
        continue
      }
      if (!canTransition(message.status, report.status)) {
        unchanged.push(message.id)
        continue
      }
      const final = report.status === "undelivered" || report.status === "failed"
      patches.push({
        id: message.id,
        expect: message.status,
        status: report.status,
        delivered_at:
          report.status === "delivered" || report.status === "read"
            ? (message.delivered_at ?? report.occurred_at ?? now)
            : null,
        error: final ? (report.error ?? `provider reported ${report.raw_status}`) : null,
        cost: report.cost ?? null,
        currency: report.currency || null,
      })
    }
    // Conditional on the status we read: a concurrent report cannot be overwritten backwards.
    const applied = new Set<string>()
    if (patches.length) {
      const res = await knex.raw(
        `UPDATE ${MESSAGE_TABLE} m
            SET status = p.status, updated_at = ?, status_checked_at = ?,
                delivered_at = COALESCE(p.delivered_at, m.delivered_at),
                error = CASE WHEN p.status IN ('undelivered', 'failed') THEN p.error ELSE m.error END,
                cost = COALESCE(p.cost, m.cost), currency = COALESCE(p.currency, m.currency)
           FROM json_to_recordset(?::json) AS p(id text, expect text, status text, delivered_at timestamptz, error text, cost double precision, currency text)
          WHERE m.id = p.id AND m.status = p.expect
      RETURNING m.id`,
        [now, now, JSON.stringify(patches)]
      )
      for (const r of res.rows as { id: string }[]) applied.add(r.id)
    }
    if (unchanged.length) await knex(MESSAGE_TABLE).whereIn("id", unchanged).update({ status_checked_at: now })
    const timeline = []
    for (const i of batch) {
      if (outcomes[i]) continue
      const report = reports[i]
      const message = current.get(report.id!)!
      const ok = applied.has(message.id)
      outcomes[i] = { message_id: message.id, applied: ok, status: ok ? report.status : message.status }
      timeline.push({
        message_id: message.id,
        status: ok ? report.status : message.status,
        raw_status: report.raw_status,
        raw_code: report.raw_code ?? null,
        source: scope.source,
        note: ok
          ? (report.error ?? null)
          : `report "${report.raw_status}" ignored: message is already ${message.status}`,
        occurred_at: report.occurred_at ?? now,
      })
    }
    await insertTimeline(knex, timeline)
  }
  for (const i of later) outcomes[i] = await applyStatusReport(knex, reports[i], scope, now)
  return outcomes
}

export async function addOptOut(
  knex: Knex,
  phone: string,
  channel: string,
  source: string,
  note: string | null = null
): Promise<boolean> {
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
  const rows = await knex("messaging_opt_out")
    .whereIn("phone", phones)
    .whereNull("deleted_at")
    .select("phone", "channel")
  for (const r of rows) {
    const set = map.get(r.phone) ?? new Set<string>()
    set.add(r.channel)
    map.set(r.phone, set)
  }
  return map
}

/**
 * Store an inbound message. A reply that is exactly an opt-out keyword of the site's
 * list creates an opt-out for that phone and channel, an opt-in keyword removes it;
 * every other reply is only stored.
 */
export async function recordInbound(
  knex: Knex,
  inbound: InboundMessage,
  ctx: {
    channel: Channel
    account_id: string
    provider_type: string
    normalize: (raw: string) => string | null
    /** The site's keyword lists (defaults when absent). */
    keywords?: ReplyKeywordLists
    sales_channel_id?: string | null
  }
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
      sales_channel_id: ctx.sales_channel_id ?? null,
      provider_message_id: inbound.provider_message_id ?? null,
      idempotency_key: inbound.provider_message_id ? `inbound|${ctx.account_id}|${inbound.provider_message_id}` : null,
      next_attempt_at: null,
      metadata: { to: inbound.to ?? null, received_at: inbound.received_at.toISOString() },
    },
  ])
  const keyword = consentKeyword(inbound.text, ctx.keywords)
  if (row) {
    if (keyword === "opt_out")
      await addOptOut(
        knex,
        phone,
        ctx.channel === "omni" ? "sms" : ctx.channel,
        "inbound_keyword",
        inbound.text.slice(0, 100)
      )
    if (keyword === "opt_in") await removeOptOut(knex, phone, ctx.channel)
  }
  return { id: row?.id ?? null, keyword, phone }
}

/** How long a provider callback id is remembered (a replay within this time is refused). */
export const CALLBACK_ID_TTL_MS = 7 * 86_400_000

/**
 * Remember a callback id for an account; false when it was already used (a replay).
 * Atomic: of two requests with the same id, exactly one gets true.
 */
export async function claimCallbackId(
  knex: Knex,
  accountId: string,
  callbackId: string,
  now = new Date()
): Promise<boolean> {
  const res = await knex("messaging_callback_receipt")
    .insert({
      id: newId("mcbr"),
      provider_account_id: accountId,
      callback_id: callbackId,
      expires_at: new Date(now.getTime() + CALLBACK_ID_TTL_MS),
      created_at: now,
      updated_at: now,
    })
    .onConflict(knex.raw("(provider_account_id, callback_id) WHERE deleted_at IS NULL"))
    .ignore()
    .returning("id")
  return res.length > 0
}

/** Forget a claimed callback id (its reports could not be stored: the provider's retry must get through). */
export async function releaseCallbackId(knex: Knex, accountId: string, callbackId: string): Promise<void> {
  await knex("messaging_callback_receipt").where({ provider_account_id: accountId, callback_id: callbackId }).delete()
}

export async function pruneCallbackIds(knex: Knex, now = new Date()): Promise<number> {
  return knex("messaging_callback_receipt").where("expires_at", "<", now).delete()
}

const FINAL_STATUSES = new Set(["delivered", "read", "undelivered", "failed"])

/** Reports whose final state a callback claims without a signature over it: these wait for confirmation. */
export function splitUnconfirmedFinals(reports: StatusReport[]): { apply: StatusReport[]; confirm: StatusReport[] } {
  const apply: StatusReport[] = []
  const confirm: StatusReport[] = []
  for (const r of reports) (FINAL_STATUSES.has(r.status) ? confirm : apply).push(r)
  return { apply, confirm }
}

/** Our messages a list of reports names (by our id or the provider's id within the account). */
export async function sentMessagesFor(
  knex: Knex,
  accountId: string,
  reports: StatusReport[]
): Promise<Pick<MessageRow, "id" | "provider_message_id">[]> {
  const ids = reports.map((r) => r.id).filter((v): v is string => !!v)
  const pmids = reports.map((r) => r.provider_message_id).filter((v): v is string => !!v)
  if (!ids.length && !pmids.length) return []
  return knex(MESSAGE_TABLE)
    .whereNull("deleted_at")
    .where({ direction: "outbound", provider_account_id: accountId })
    .where((q) => q.whereIn("id", ids).orWhereIn("provider_message_id", pmids))
    .select("id", "provider_message_id")
}
