import os from "node:os"
import type { Context, Logger } from "@medusajs/framework/types"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { InjectManager, InjectTransactionManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import {
  MessagingCampaign,
  MessagingCustomRule,
  MessagingDebugLog,
  MessagingGeneralSetting,
  MessagingMessage,
  MessagingMessageEvent,
  MessagingOptOut,
  MessagingProviderAccount,
  MessagingSender,
  MessagingSite,
  MessagingStaffProfile,
  MessagingTemplate,
} from "./models"
import { type MessagingPluginOptions, parsePluginOptions } from "./options"
import { knexOf } from "./repositories/knex"
import {
  type ClaimOptions,
  type MessageRow,
  type NewMessage,
  MESSAGE_TABLE,
  claimDueMessages,
  insertMessages,
  insertTimeline,
  recoverStuckMessages,
  sendUnknownAgain,
} from "./repositories/messages"
import { ensureGeneralSettings, ensureGlobalSite, installDefaultTemplates, syncOptionAccounts } from "./repositories/install"
import { type AccountRow, type HealthTransitionResult, recordAccountSuccess, recordAccountFailure, recordBalance } from "./repositories/accounts"
import {
  type ApplyOutcome,
  addOptOut,
  applyStatusReports,
  claimCallbackId,
  pruneCallbackIds,
  optOutsFor,
  recordInbound,
  releaseCallbackId,
  removeOptOut,
  sentMessagesFor,
  splitUnconfirmedFinals,
} from "./repositories/reports"
import { type OutboundInput, enqueueOutbound, loadOptOuts, loadSite } from "./repositories/outbound"
import { DEFAULT_TEMPLATES, normalizePhone, readsItemTotals, storable } from "./text"
import { Dispatcher, type DispatcherSettings } from "./dispatch/dispatcher"
import { ALERT_VIA_NOTIFICATION, lowBalanceAlertEmail, outageAlertEmail, recoveredAlertEmail } from "./dispatch/alert-email"
import { pendingNotificationAlerts, settleNotificationAlert } from "./repositories/alerts"
import { saveMigratedChat } from "./repositories/staff-chats"
import { PROVIDER_CAPABILITIES, PROVIDER_SECRET_FIELDS, type ExchangeEntry, WebhookAuthError, WebhookReplayError } from "./providers"
import { maskPersonalData } from "./providers/mask"
import { type AnonymizeResult, anonymizeCustomerData, removeOldTexts } from "./repositories/privacy"
import type { InboundMessage, MessagingProvider, StatusReport, WebhookRequest } from "./providers/types"
import { hostPolicyFor } from "./providers/allowed-hosts"
import type { Channel } from "./types"
import { newId } from "./repositories/ids"
import { type SiteSettings, phoneOptions, siteSendsEvent } from "./pipeline/site"
import { PHONE_CHANNELS } from "./pipeline/prepare"
import { type ResendPlan, planResend } from "./pipeline/resend"
import { pacedScheduleFor } from "./pipeline/paced-schedule"
import { type EventPlanInput, type StaffProfileRow, type TemplateRow, planEventMessages } from "./pipeline/plan-event"

type InjectedDependencies = { logger: Logger }

export type ManualSendInput = OutboundInput

export interface WebhookOutcome {
  reports: number
  applied: number
  inbound: Array<{ id: string | null; phone: string; keyword: "opt_out" | "opt_in" | null }>
  response?: { status: number; body: unknown; contentType?: string }
}

const SITE_CACHE_MS = 5_000
/** Balances (and low-balance alerts) are refreshed by the maintenance job this often. */
const BALANCE_REFRESH_MS = 10 * 60_000

export default class MessagingModuleService extends MedusaService({
  MessagingSite,
  MessagingGeneralSetting,
  MessagingProviderAccount,
  MessagingSender,
  MessagingTemplate,
  MessagingMessage,
  MessagingMessageEvent,
  MessagingDebugLog,
  MessagingOptOut,
  MessagingStaffProfile,
  MessagingCustomRule,
  MessagingCampaign,
}) {
  protected readonly options_: MessagingPluginOptions
  protected readonly logger_: Logger
  protected readonly dispatcher_: Dispatcher
  private installed_: Promise<void> | null = null
  private general_: { at: number; row: Record<string, any> | null } | null = null
  private ruleEvents_: { at: number; names: Set<string> } | null = null
  private debugBuffer_: Record<string, unknown>[] = []
  private debugFlush_: NodeJS.Timeout | null = null
  private dispatchTimer_: NodeJS.Timeout | null = null
  private lastBalanceRefresh_ = 0

  __hooks = {
    onApplicationStart: async () => {
      try {
        await this.ensureInstalled()
      } catch (e) {
        this.logger_.error(`messaging: installation on start failed: ${(e as Error).message}`)
      }
    },
    onApplicationShutdown: async () => {
      if (this.dispatchTimer_) clearTimeout(this.dispatchTimer_)
      await this.flushDebugLog()
    },
  }

  constructor(deps: InjectedDependencies, options?: unknown) {
    // @ts-ignore MedusaService takes the container and the module options
    super(...arguments)
    this.logger_ = deps.logger
    this.options_ = parsePluginOptions(options)
    this.dispatcher_ = new Dispatcher({
      knex: () => this.knex(),
      logger: this.logger_,
      workerId: `${os.hostname()}:${process.pid}`,
      settings: () => this.dispatcherSettings(),
      onExchange: (accountId, entry) => this.recordExchange(accountId, entry),
      wantsExchange: () => !!this.general_?.row?.debug_enabled,
      onHealthTransition: (account, change, error) => this.alertHealth(account, change, error),
      onChatMigrated: async (message, chatId) => {
        await saveMigratedChat(await this.knex(), message, chatId)
      },
      onOptOut: async (phone, channel, source) => {
        await addOptOut(await this.knex(), phone, channel, "provider", source)
      },
      hostPolicy: (type) => hostPolicyFor(type, this.options_.allowed_hosts),
    })
  }

  /** The validated plugin options (subscribers and workflows read them through here). */
  getOptions(): MessagingPluginOptions {
    return this.options_
  }

  @InjectManager()
  protected async knex(@MedusaContext() sharedContext: Context = {}): Promise<Knex> {
    return knexOf(sharedContext)
  }

  // ───────────────────────── installation ─────────────────────────

  /**
   * Create what a fresh install needs: the global site, general settings, accounts from
   * options, BW_ default templates. Idempotent; runs once per process.
   */
  async ensureInstalled(): Promise<void> {
    this.installed_ ??= this.install_().catch((e) => {
      this.installed_ = null
      throw e
    })
    return this.installed_
  }

  @InjectTransactionManager()
  protected async install_(@MedusaContext() sharedContext: Context = {}): Promise<void> {
    const knex = knexOf(sharedContext)
    await ensureGeneralSettings(knex, this.options_)
    await ensureGlobalSite(knex, this.options_)
    await syncOptionAccounts(knex, this.options_.accounts)
    if (this.options_.install_default_templates) {
      const n = await installDefaultTemplates(knex, [...DEFAULT_TEMPLATES])
      if (n) this.logger_.info(`messaging: installed ${n} default templates`)
    }
    this.dispatcher_.invalidateAccounts()
  }

  // ───────────────────────── settings ─────────────────────────

  async generalSettings(): Promise<Record<string, any>> {
    if (this.general_ && Date.now() - this.general_.at < SITE_CACHE_MS) return this.general_.row ?? {}
    const row = (await (await this.knex())("messaging_general_setting").where({ id: "mgen_default" }).first()) ?? null
    this.general_ = { at: Date.now(), row }
    return row ?? {}
  }

  /** Forget cached settings/accounts/rules after an admin edit. */
  invalidateCaches(): void {
    this.general_ = null
    this.ruleEvents_ = null
    this.dispatcher_.invalidateAccounts()
  }

  /** Event names that have enabled custom rules (cached a few seconds; checked on every shop event). */
  async customRuleEvents(): Promise<Set<string>> {
    if (this.ruleEvents_ && Date.now() - this.ruleEvents_.at < SITE_CACHE_MS) return this.ruleEvents_.names
    const names = (await (await this.knex())("messaging_custom_rule").whereNull("deleted_at").where({ enabled: true }).distinct("event_name").pluck("event_name")) as string[]
    this.ruleEvents_ = { at: Date.now(), names: new Set(names) }
    return this.ruleEvents_.names
  }

  private dispatcherSettings(): DispatcherSettings {
    const d = this.options_.dispatch
    const general = this.general_?.row ?? {}
    return {
      batchSize: d.batch_size,
      roundsInFlight: d.rounds_in_flight,
      maxAttempts: Number(general.max_attempts) || d.max_attempts,
      retryBaseMs: d.retry_base_ms,
      maxRetryDelayMs: d.max_retry_delay_ms,
      stuckAfterMs: d.stuck_after_ms,
      failureThreshold: Number(general.failure_threshold) || d.failure_threshold,
      publicUrl: (general.public_url as string) ?? this.options_.public_url ?? null,
    }
  }

  /** The site of a sales channel, or the global settings when it has none. */
  async siteFor(salesChannelId: string | null | undefined): Promise<SiteSettings> {
    const site = await loadSite(await this.knex(), salesChannelId)
    if (site) return site
    await this.ensureInstalled()
    const installed = await loadSite(await this.knex(), salesChannelId)
    if (!installed) throw new Error("messaging: the global site settings are missing (run the migrations)")
    return installed
  }

  // ───────────────────────── enqueue ─────────────────────────

  /**
   * Write messages to the outbox. A message whose idempotency key exists is not written
   * again; returns the rows this call created.
   */
  @InjectTransactionManager()
  async enqueueMessages(messages: NewMessage[], @MedusaContext() sharedContext: Context = {}): Promise<MessageRow[]> {
    const rows = await insertMessages(knexOf(sharedContext), messages)
    if (rows.some((r) => r.status === "queued")) this.scheduleDispatch()
    return rows
  }

  /**
   * A shop event: render the site's templates, resolve recipients and write one row per
   * (recipient, channel) in one transaction. The same event twice writes nothing new.
   */
  async enqueueEventMessages(
    input: EventPlanInput & { sales_channel_id?: string | null },
    extra: { templates?: TemplateRow[]; includeStaff?: boolean } = {}
  ): Promise<MessageRow[]> {
    await this.ensureInstalled()
    const knex = await this.knex()
    const site = await this.siteFor(input.sales_channel_id)
    if (!siteSendsEvent(site, input.event_name)) {
      this.logger_?.info?.(`messaging: ${input.event_name} is switched off for ${site.sales_channel_id ?? "the global site"}; nothing sent`)
      return []
    }
    // Disabled templates too: a site's own template switched off must not fall back to the global one.
    const templates: TemplateRow[] =
      extra.templates ??
      ((await knex("messaging_template")
        .whereNull("deleted_at")
        .where({ event_name: input.event_name })
        .where((q) => q.whereNull("sales_channel_id").orWhere("sales_channel_id", site.sales_channel_id ?? "")) ) as TemplateRow[])
    const staff: StaffProfileRow[] =
      extra.includeStaff === false
        ? []
        : ((await knex("messaging_staff_profile").whereNull("deleted_at").where({ enabled: true })) as StaffProfileRow[])
    const phones = [...input.customer_phones.map((c) => c.phone ?? ""), ...site.admin_phones].filter(Boolean)
    const optOuts = await loadOptOuts(knex, phones, site)
    const planned = planEventMessages(input, { site, templates, staff, optOuts })
    for (const row of planned) {
      if (row.channel === "omni") row.metadata = { ...(row.metadata ?? {}), omni_fallback_seconds: site.omni_fallback_seconds }
    }
    return this.enqueueMessages(planned)
  }

  /**
   * Whether a template that could go out for this event reads line-item totals (staff
   * templates count only while a staff profile can receive their channel). Without them
   * the order is loaded without Medusa's totals computation. Not cached: an edit applies
   * to the next event.
   */
  async eventReadsItemTotals(eventName: string): Promise<boolean> {
    const knex = await this.knex()
    const rows: { subject: string | null; body: string }[] = await knex("messaging_template as t")
      .select("t.subject", "t.body")
      .whereNull("t.deleted_at")
      .where({ "t.event_name": eventName, "t.enabled": true })
      .where((q) =>
        q.whereNot("t.audience", "staff").orWhereExists((s) =>
          s
            .select(knex.raw("1"))
            .from("messaging_staff_profile as s")
            .whereNull("s.deleted_at")
            .where("s.enabled", true)
            .where((c) => c.where((e) => e.where("t.channel", "email").whereNotNull("s.email")).orWhere((g) => g.where("t.channel", "telegram").whereNotNull("s.telegram_chat_id")))
        )
      )
    return rows.some((r) => readsItemTotals(r.body) || readsItemTotals(r.subject))
  }

  /**
   * Manual and bulk sends: one row per recipient, prepared like event messages (phone
   * normalization, opt-outs, quiet hours, transliteration, segments).
   */
  async enqueueManualMessages(input: ManualSendInput): Promise<{ created: MessageRow[]; skipped: { recipient: string; reason: string }[] }> {
    await this.ensureInstalled()
    const site = await this.siteFor(input.sales_channel_id)
    const created = await enqueueOutbound(await this.knex(), site, input)
    if (created.some((r) => r.status === "queued")) this.scheduleDispatch()
    return {
      created,
      skipped: created.filter((r) => r.status === "skipped").map((r) => ({ recipient: r.recipient, reason: r.error ?? "skipped" })),
    }
  }

  // ───────────────────────── dispatch ─────────────────────────

  /** Dispatch soon in this process (coalesces bursts of enqueues). */
  scheduleDispatch(delayMs = 20): void {
    if (!this.options_.dispatch.dispatch_on_enqueue || this.dispatchTimer_) return
    const timer = setTimeout(() => {
      this.dispatchTimer_ = null
      // never throw out of a timer: a failure here is logged, the scheduled job retries
      Promise.resolve()
        .then(() => this.generalSettings())
        .then(() => this.dispatcher_.drain())
        .catch((e) => this.logger_?.error?.(`messaging: dispatch failed: ${(e as Error)?.message ?? e}`))
    }, delayMs)
    timer.unref?.()
    this.dispatchTimer_ = timer
  }

  /** Send everything that is due now; resolves when the queue has no due rows left. */
  async dispatchNow(): Promise<{ claimed: number; accepted: number; retried: number; failed: number }> {
    await this.generalSettings()
    return this.dispatcher_.drain()
  }

  /** Claim due messages for one dispatcher round (FOR UPDATE SKIP LOCKED). */
  @InjectTransactionManager()
  async claimDueMessages(opts: ClaimOptions, @MedusaContext() sharedContext: Context = {}): Promise<MessageRow[]> {
    return claimDueMessages(knexOf(sharedContext), opts)
  }

  /** Put messages a dead worker left in `sending` back in the queue, flagged for a lookup first. */
  @InjectTransactionManager()
  async recoverStuckMessages(olderThanMs: number, @MedusaContext() sharedContext: Context = {}): Promise<MessageRow[]> {
    return recoverStuckMessages(knexOf(sharedContext), olderThanMs)
  }

  // ───────────────────────── admin operations ─────────────────────────

  /** Cancel queued/deferred messages. */
  async cancelMessages(ids: string[], note = "canceled by an admin"): Promise<{ canceled: string[]; not_cancelable: string[] }> {
    const knex = await this.knex()
    const now = new Date()
    const rows = await knex(MESSAGE_TABLE)
      .whereIn("id", ids)
      .whereIn("status", ["queued", "deferred"])
      .update({ status: "canceled", next_attempt_at: null, updated_at: now, error: note })
      .returning("id")
    const canceled = rows.map((r: { id: string }) => r.id)
    await insertTimeline(knex, canceled.map((id: string) => ({ message_id: id, status: "canceled", source: "admin", note, occurred_at: now })))
    return { canceled, not_cancelable: ids.filter((id) => !canceled.includes(id)) }
  }

  /** "Send now": release deferred (quiet hours) messages. */
  async releaseMessages(ids: string[]): Promise<string[]> {
    const knex = await this.knex()
    const now = new Date()
    const rows = await knex(MESSAGE_TABLE)
      .whereIn("id", ids)
      .whereIn("status", ["deferred", "queued"])
      .update({ status: "queued", next_attempt_at: now, updated_at: now })
      .returning("id")
    const released = rows.map((r: { id: string }) => r.id)
    await insertTimeline(knex, released.map((id: string) => ({ message_id: id, status: "queued", source: "admin", note: "released to send now", occurred_at: now })))
    if (released.length) this.scheduleDispatch()
    return released
  }

  /**
   * "Send again" for messages held with an unknown outcome (status `unknown`): the same
   * message goes back to the queue as not sent. The admin checked the provider first.
   */
  async sendUnknownAgain(ids: string[]): Promise<string[]> {
    const sent = await sendUnknownAgain(await this.knex(), ids)
    if (sent.length) this.scheduleDispatch()
    return sent
  }

  /**
   * A new copy of messages that went out or failed (the originals stay as they are),
   * through the opt-out and quiet-hours checks unless the admin overrides them (the
   * override is recorded on the copy's timeline). Refused ones come back with the reason.
   */
  async resendMessages(
    ids: string[],
    createdBy: string | null = null,
    opts: { override?: boolean } = {}
  ): Promise<{ created: MessageRow[]; refused: { id: string; code: string; reason: string }[] }> {
    const knex = await this.knex()
    const now = new Date()
    const originals = (await knex(MESSAGE_TABLE).whereIn("id", ids).where("direction", "outbound").whereNull("deleted_at")) as MessageRow[]
    const optOuts = await optOutsFor(knex, originals.filter((m) => PHONE_CHANNELS.includes(m.channel)).map((m) => m.recipient))
    const sites = new Map<string | null, SiteSettings>()
    const plans: ResendPlan[] = []
    for (const original of originals) {
      if (!sites.has(original.sales_channel_id)) sites.set(original.sales_channel_id, await this.siteFor(original.sales_channel_id))
      plans.push(
        planResend({ original, site: sites.get(original.sales_channel_id)!, optedOut: optOuts.get(original.recipient) ?? new Set(), override: !!opts.override, by: createdBy, now })
      )
    }
    const refused = plans.flatMap((p) => (p.ok ? [] : [{ id: p.id, code: p.code, reason: p.reason }]))
    const created = await this.enqueueMessages(plans.flatMap((p) => (p.ok ? [p.copy] : [])))
    const notes = new Map(plans.flatMap((p) => (p.ok && p.override_note ? [[p.copy.parent_id!, p.override_note] as const] : [])))
    await insertTimeline(
      knex,
      created.filter((c) => notes.has(c.parent_id!)).map((c) => ({ message_id: c.id, status: c.status, source: "admin", note: notes.get(c.parent_id!)!, occurred_at: now }))
    )
    return { created, refused }
  }

  async pauseCampaign(id: string): Promise<number> {
    const knex = await this.knex()
    await knex("messaging_campaign").where({ id }).whereIn("status", ["running", "enqueuing"]).update({ status: "paused", updated_at: new Date() })
    // Rows held for the night are paused too: they would otherwise go out in the morning.
    return knex(MESSAGE_TABLE)
      .where({ campaign_id: id })
      .whereIn("status", ["queued", "deferred"])
      .update({ status: "deferred", next_attempt_at: null, updated_at: new Date() })
  }

  async resumeCampaign(id: string): Promise<number> {
    const knex = await this.knex()
    const [campaign] = await knex("messaging_campaign").where({ id }).whereNull("deleted_at")
    if (!campaign) return 0
    await knex("messaging_campaign").where({ id, status: "paused" }).update({ status: "running", updated_at: new Date() })
    const rate = Math.max(1, Number(campaign.rate_per_second) || 20)
    // Re-space the paused rows from now at the campaign's rate, waiting out the night.
    const slots = pacedScheduleFor(await this.siteFor(campaign.sales_channel_id), { marketing: true }, new Date(), rate)
    const ids = (await knex(MESSAGE_TABLE)
      .where({ campaign_id: id, status: "deferred" })
      .whereNull("next_attempt_at")
      .orderBy([{ column: "created_at" }, { column: "id" }])
      .pluck("id")) as string[]
    let resumed = 0
    for (let i = 0; i < ids.length; i += 5000) {
      const plan = ids.slice(i, i + 5000).map((mid) => {
        const slot = slots.next()
        return { id: mid, at: slot.at.toISOString(), status: slot.held ? "deferred" : "queued" }
      })
      const res = await knex.raw(
        `UPDATE ${MESSAGE_TABLE} m SET status = p.status, next_attempt_at = p.at, updated_at = now()
           FROM json_to_recordset(?::json) AS p(id text, at timestamptz, status text)
          WHERE m.id = p.id AND m.status = 'deferred' AND m.next_attempt_at IS NULL`,
        [JSON.stringify(plan)]
      )
      resumed += res.rowCount ?? 0
    }
    this.scheduleDispatch()
    return resumed
  }

  async cancelCampaign(id: string): Promise<number> {
    const knex = await this.knex()
    await knex("messaging_campaign").where({ id }).whereNotIn("status", ["completed", "canceled"]).update({ status: "canceled", finished_at: new Date(), updated_at: new Date() })
    const ids = (await knex(MESSAGE_TABLE).where({ campaign_id: id }).whereIn("status", ["queued", "deferred"]).pluck("id")) as string[]
    const { canceled } = await this.cancelMessages(ids, "campaign canceled")
    return canceled.length
  }

  /** Messages of a campaign per status, and when the next waiting one is due. */
  async campaignProgress(id: string): Promise<{ progress: Record<string, number>; next_send_at: Date | null }> {
    const knex = await this.knex()
    const rows: { status: string; count: string; next: Date | null }[] = await knex(MESSAGE_TABLE)
      .where({ campaign_id: id })
      .groupBy("status")
      .select("status", knex.raw("count(*) AS count"), knex.raw("min(next_attempt_at) AS next"))
    const out: Record<string, number> = { total: 0, queued: 0, deferred: 0, sending: 0, sent: 0, delivered: 0, read: 0, undelivered: 0, failed: 0, skipped: 0, canceled: 0 }
    let next: Date | null = null
    for (const r of rows) {
      out[r.status] = Number(r.count)
      out.total += Number(r.count)
      if ((r.status === "queued" || r.status === "deferred") && r.next && (!next || r.next < next)) next = new Date(r.next)
    }
    return { progress: out, next_send_at: next }
  }

  /** Per-day counts and cost, for the admin's charts. */
  async messageStats(filter: { from: Date; to: Date; sales_channel_id?: string | null }): Promise<Array<Record<string, unknown>>> {
    const knex = await this.knex()
    const res = await knex.raw(
      `SELECT to_char(date_trunc('day', created_at), 'YYYY-MM-DD') AS day,
              count(*)::int AS total,
              count(*) FILTER (WHERE status IN ('sent','delivered','read','undelivered'))::int AS sent,
              count(*) FILTER (WHERE status IN ('delivered','read'))::int AS delivered,
              count(*) FILTER (WHERE status IN ('failed','undelivered'))::int AS failed,
              COALESCE(sum(cost), 0)::float AS cost
         FROM ${MESSAGE_TABLE}
        WHERE direction = 'outbound' AND deleted_at IS NULL AND created_at >= ? AND created_at < ?
          ${filter.sales_channel_id ? "AND sales_channel_id = ?" : ""}
        GROUP BY 1 ORDER BY 1`,
      filter.sales_channel_id ? [filter.from, filter.to, filter.sales_channel_id] : [filter.from, filter.to]
    )
    return res.rows
  }

  private async account(id: string): Promise<AccountRow> {
    const row = (await (await this.knex())("messaging_provider_account").where({ id }).whereNull("deleted_at").first()) as AccountRow | undefined
    if (!row) throw new Error(`provider account ${id} not found`)
    return row
  }

  /** Check an account's connection (and balance where the provider has one). */
  async testAccount(id: string): Promise<{ ok: boolean; error?: string; balance?: { amount: number; currency: string | null; credit_limit: number | null } }> {
    const account = await this.account(id)
    const knex = await this.knex()
    try {
      const adapter = this.dispatcher_.adapterFor(account)
      await adapter.probe()
      let balance: { amount: number; currency: string | null; credit_limit: number | null } | undefined
      if (PROVIDER_CAPABILITIES[account.type].balance) {
        const b = await adapter.balance()
        balance = { amount: b.amount, currency: b.currency, credit_limit: b.credit_limit ?? null }
        await this.noteBalance(account, balance)
      }
      await this.alertHealth(account, await recordAccountSuccess(knex, account.id), null)
      return { ok: true, balance }
    } catch (e) {
      return { ok: false, error: this.maskFor(account, (e as Error).message) }
    }
  }

  /** Refresh every account's balance (those whose provider has one). */
  async refreshBalances(): Promise<Array<{ id: string; ok: boolean; error?: string }>> {
    const accounts = await this.dispatcher_.accounts()
    const out: Array<{ id: string; ok: boolean; error?: string }> = []
    for (const account of accounts) {
      if (!PROVIDER_CAPABILITIES[account.type].balance) continue
      try {
        const b = await this.dispatcher_.adapterFor(account).balance()
        await this.noteBalance(account, { amount: b.amount, currency: b.currency, credit_limit: b.credit_limit ?? null })
        out.push({ id: account.id, ok: true })
      } catch (e) {
        out.push({ id: account.id, ok: false, error: this.maskFor(account, (e as Error).message) })
      }
    }
    return out
  }

  private async noteBalance(account: AccountRow, balance: { amount: number; currency: string | null; credit_limit: number | null }) {
    const general = await this.generalSettings()
    const threshold = general.low_balance_threshold ?? null
    const crossing = await recordBalance(await this.knex(), account.id, balance, threshold)
    if (crossing === "below") {
      const shop = (await this.siteFor(null)).name
      const mail = lowBalanceAlertEmail({ account, amount: balance.amount, currency: balance.currency, threshold, creditLimit: balance.credit_limit, at: new Date(), shopName: shop })
      await this.enqueueAlert(`low-balance|${account.id}|${new Date().toISOString()}`, mail)
    }
  }

  /** Probe unhealthy accounts; a success marks them healthy again (one "recovered" e-mail). */
  async probeUnhealthyAccounts(): Promise<number> {
    const knex = await this.knex()
    const rows = (await knex("messaging_provider_account").whereNull("deleted_at").where({ enabled: true, health_status: "unhealthy" })) as AccountRow[]
    let recovered = 0
    for (const account of rows) {
      try {
        await this.dispatcher_.adapterFor(account).probe()
        const t = await recordAccountSuccess(knex, account.id)
        if (t.transition) recovered++
        await this.alertHealth(account, t, null)
      } catch (e) {
        await knex("messaging_provider_account").where({ id: account.id }).update({ last_probe_at: new Date(), last_error: this.maskFor(account, (e as Error).message) })
      }
    }
    if (recovered) {
      this.dispatcher_.invalidateAccounts()
      this.scheduleDispatch()
    }
    return recovered
  }

  // ───────────────────────── alerts ─────────────────────────

  private secretsOf(account: AccountRow): string[] {
    return (PROVIDER_SECRET_FIELDS[account.type] ?? []).map((f) => account.credentials?.[f]).filter((v): v is string => !!v)
  }

  private maskFor(account: AccountRow, text: string): string {
    let out = text
    for (const secret of this.secretsOf(account)) if (secret.length >= 4) out = out.split(secret).join("****")
    return out
  }

  private async alertHealth(account: AccountRow, change: HealthTransitionResult, error: string | null) {
    if (!change.transition) return
    const shop = (await this.siteFor(null)).name
    if (change.transition === "went_down") {
      const backup = (await this.dispatcher_.accounts()).find((a) => a.id !== account.id && a.health_status === "healthy" && a.type === account.type)
      const mail = outageAlertEmail({ account, error, since: change.down_since, consecutiveFailures: change.failures, failoverTo: backup?.name ?? null, shopName: shop, secrets: this.secretsOf(account) })
      await this.enqueueAlert(`alert|down|${account.id}|${change.down_since.toISOString()}`, mail)
    } else {
      const mail = recoveredAlertEmail({ account, downSince: change.down_since, recoveredAt: new Date(), shopName: shop })
      await this.enqueueAlert(`alert|recovered|${account.id}|${change.down_since?.toISOString() ?? "?"}`, mail)
    }
  }

  /**
   * Alerts are outbox rows too, visible in history: sent through an SMTP account when
   * there is one, else held for Medusa's Notification Module (`email` channel), which
   * the dispatch job hands them to (see alertsForNotificationModule).
   */
  private async enqueueAlert(key: string, mail: { subject: string; text: string }) {
    const general = await this.generalSettings()
    const to = (general.alert_email as string) ?? this.options_.alert_email
    if (!to) {
      this.logger_.warn(`messaging: no alert e-mail configured; not sending "${mail.subject}"`)
      return
    }
    const smtp = await this.hasSmtpAccount()
    await this.enqueueMessages([
      {
        channel: "email",
        recipient: to,
        audience: "admin",
        subject: mail.subject,
        body: mail.text,
        event_name: "messaging.alert",
        critical: true,
        idempotency_key: key,
        ...(smtp ? {} : { status: "deferred" as const, next_attempt_at: null, metadata: { via: ALERT_VIA_NOTIFICATION } }),
      },
    ])
  }

  /** Whether an enabled SMTP account can send the alert e-mails. */
  async hasSmtpAccount(): Promise<boolean> {
    return (await this.dispatcher_.accounts()).some((a) => a.type === "smtp" && (!a.channels?.length || a.channels.includes("email")))
  }

  /** Alert e-mails held for the Notification Module (no SMTP account when they were written). */
  async alertsForNotificationModule(limit = 20): Promise<MessageRow[]> {
    return pendingNotificationAlerts(await this.knex(), limit)
  }

  /** The Notification Module took the alert (or an SMTP account appeared: the dispatcher sends it). */
  async settleNotificationAlert(id: string, outcome: { notification_id: string } | { requeue: true }): Promise<void> {
    await settleNotificationAlert(await this.knex(), id, outcome)
  }

  // ───────────────────────── reports, inbound, opt-outs ─────────────────────────

  /**
   * Verify and apply a provider callback for an account. Throws WebhookAuthError on a bad
   * signature, WebhookReplayError for a callback id already used, and "not found" for an
   * unknown, deleted or disabled account (nothing changes).
   */
  async handleWebhook(accountId: string, request: WebhookRequest): Promise<WebhookOutcome> {
    const account = await this.account(accountId)
    if (!account.enabled) throw new Error(`provider account ${accountId} not found (disabled)`)
    const adapter = this.dispatcher_.adapterFor(account)
    // a report or inbound text may carry NUL (or a lone surrogate): stored with U+FFFD instead
    const parsed = storable(await adapter.parseWebhook(request))
    const knex = await this.knex()
    const replayId = parsed.replay_id ?? null
    if (replayId && !(await claimCallbackId(knex, account.id, replayId))) throw new WebhookReplayError(replayId)
    let outcomes: ApplyOutcome[]
    try {
      outcomes = await this.applyWebhookReports(account, adapter, parsed.reports, parsed.body_signed !== false)
    } catch (e) {
      if (replayId) await releaseCallbackId(knex, account.id, replayId)
      throw e
    }
    const applied = outcomes.filter((o) => o.applied).length
    const inbound = await this.recordInboundMessages(account, parsed.inbound)
    return { reports: parsed.reports.length, applied, inbound, response: parsed.response }
  }

  /**
   * Store inbound replies. Each belongs to the site of the last message we sent to that
   * number (else the global site), whose keyword lists decide whether it changes consent.
   */
  async recordInboundMessages(account: { id: string; type: string }, messages: InboundMessage[]): Promise<WebhookOutcome["inbound"]> {
    const knex = await this.knex()
    const global = await this.siteFor(null)
    const out: WebhookOutcome["inbound"] = []
    for (const msg of messages) {
      const parsedPhone = normalizePhone(msg.from, phoneOptions(global))
      const phone = parsedPhone.ok ? parsedPhone.e164 : msg.from
      const last = (await knex(MESSAGE_TABLE)
        .whereNull("deleted_at")
        .where({ direction: "outbound", recipient: phone })
        // the created_at index bounds the search: a reply answers a recent message
        .where("created_at", ">", new Date(Date.now() - 90 * 86_400_000))
        .orderBy("created_at", "desc")
        .first("sales_channel_id")) as { sales_channel_id: string | null } | undefined
      const site = last?.sales_channel_id ? await this.siteFor(last.sales_channel_id) : global
      out.push(
        await recordInbound(knex, msg, {
          channel: "sms",
          account_id: account.id,
          provider_type: account.type,
          normalize: () => (parsedPhone.ok ? parsedPhone.e164 : null),
          keywords: site,
          sales_channel_id: last?.sales_channel_id ?? null,
        })
      )
    }
    return out
  }

  /**
   * Reports from a callback. When its signature does not cover them, a final state is
   * applied only as the provider's status() confirms it (asked right away; when that
   * fails, the regular status poll asks soon).
   */
  private async applyWebhookReports(account: AccountRow, adapter: MessagingProvider, reports: StatusReport[], bodySigned: boolean): Promise<ApplyOutcome[]> {
    const knex = await this.knex()
    if (bodySigned) return applyStatusReports(knex, reports, { account_id: account.id, source: "webhook" })
    const { apply, confirm } = splitUnconfirmedFinals(reports)
    const outcomes = await applyStatusReports(knex, apply, { account_id: account.id, source: "webhook" })
    const messages = await sentMessagesFor(knex, account.id, confirm)
    if (!messages.length) return outcomes
    try {
      const confirmed = await adapter.status(messages.map((m) => ({ id: m.id, provider_message_id: m.provider_message_id })))
      outcomes.push(...(await applyStatusReports(knex, confirmed, { account_id: account.id, source: "poll" })))
    } catch (e) {
      this.logger_.warn(`messaging: confirming a callback for "${account.name}" failed, the status poll will: ${this.maskFor(account, (e as Error).message)}`)
      await knex(MESSAGE_TABLE).whereIn("id", messages.map((m) => m.id)).update({ status_checked_at: null })
    }
    return outcomes
  }

  /** Link inbound messages to a customer found by phone (the glue layer knows customers). */
  async linkInboundToCustomer(messageIds: string[], customerId: string): Promise<void> {
    if (!messageIds.length) return
    await (await this.knex())(MESSAGE_TABLE).whereIn("id", messageIds).update({ customer_id: customerId })
  }

  async addOptOut(phone: string, channel: string, source = "admin", note: string | null = null): Promise<boolean> {
    return addOptOut(await this.knex(), phone, channel, source, note)
  }

  async removeOptOut(phone: string, channel?: string): Promise<number> {
    return removeOptOut(await this.knex(), phone, channel)
  }

  /** Poll delivery states of sent messages whose provider has no callbacks (BSG) or whose callback is late. */
  async pollDeliveryStatuses(limit = 500, minAgeMs = 30_000): Promise<number> {
    const knex = await this.knex()
    const cutoff = new Date(Date.now() - minAgeMs)
    const rows = (await knex(MESSAGE_TABLE)
      .whereNull("deleted_at")
      .where({ status: "sent", direction: "outbound" })
      .whereNotNull("provider_account_id")
      .where("sent_at", ">", new Date(Date.now() - 3 * 86_400_000))
      .where((q) => q.whereNull("status_checked_at").orWhere("status_checked_at", "<", cutoff))
      .orderBy("status_checked_at", "asc", "first")
      .limit(limit)) as MessageRow[]
    const byAccount = new Map<string, MessageRow[]>()
    for (const m of rows) byAccount.set(m.provider_account_id!, [...(byAccount.get(m.provider_account_id!) ?? []), m])
    let updated = 0
    for (const [accountId, messages] of byAccount) {
      let account: AccountRow
      try {
        account = await this.account(accountId)
      } catch {
        continue
      }
      const adapter = this.dispatcher_.adapterFor(account)
      try {
        const reports = await adapter.status(messages.map((m) => ({ id: m.id, provider_message_id: m.provider_message_id })))
        const outcomes = await applyStatusReports(knex, reports, { account_id: account.id, source: "poll" })
        updated += outcomes.filter((o) => o.applied).length
      } catch (e) {
        this.logger_.warn(`messaging: status poll for "${account.name}" failed: ${this.maskFor(account, (e as Error).message)}`)
      }
      await knex(MESSAGE_TABLE).whereIn("id", messages.map((m) => m.id)).where({ status: "sent" }).update({ status_checked_at: new Date() })
    }
    return updated
  }

  /**
   * Omni without native fallback: a Viber message with no delivery report by its
   * fallback time gets its SMS (once: the key is the parent id).
   */
  async sendOmniFallbacks(limit = 200): Promise<number> {
    const knex = await this.knex()
    const due = (await knex(MESSAGE_TABLE)
      .whereNull("deleted_at")
      .where({ channel: "omni", direction: "outbound" })
      .whereIn("status", ["sent", "undelivered"])
      .whereNotNull("fallback_at")
      .where("fallback_at", "<=", new Date())
      .limit(limit)) as MessageRow[]
    if (!due.length) return 0
    const rows: NewMessage[] = due.map((m) => ({
      channel: "sms",
      recipient: m.recipient,
      audience: m.audience,
      body: ((m.metadata as Record<string, unknown>)?.sms_text as string) ?? m.body,
      sales_channel_id: m.sales_channel_id,
      event_name: m.event_name,
      template_code: m.template_code,
      order_id: m.order_id,
      customer_id: m.customer_id,
      resource_type: m.resource_type,
      resource_id: m.resource_id,
      critical: true,
      parent_id: m.id,
      idempotency_key: `omni-fallback|${m.id}`,
    }))
    const created = await this.enqueueMessages(rows)
    await knex(MESSAGE_TABLE).whereIn("id", due.map((m) => m.id)).update({ fallback_at: null })
    await insertTimeline(
      knex,
      due.map((m) => ({ message_id: m.id, status: m.status, source: "system", note: "no Viber delivery report in time: SMS fallback queued", occurred_at: new Date() }))
    )
    return created.length
  }

  // ───────────────────────── debug log ─────────────────────────

  /** Whether an admin turned on full capture (numbers and texts unmasked) and it has not run out. */
  private fullCaptureActive(): boolean {
    const until = this.general_?.row?.debug_full_capture_until
    return !!until && new Date(until).getTime() > Date.now()
  }

  private recordExchange(accountId: string, entry: ExchangeEntry) {
    if (!this.general_?.row?.debug_enabled) return
    // Phone numbers and texts are masked unless an admin turned on full capture for a while.
    const personal = this.fullCaptureActive() ? <T>(v: T) => v : maskPersonalData
    this.debugBuffer_.push({
      provider_account_id: accountId,
      provider_type: entry.provider,
      operation: entry.operation,
      method: entry.method ?? null,
      url: entry.url ? personal(entry.url) : null,
      request: truncate(personal(entry.request_summary)),
      status_code: entry.status ?? null,
      response: truncate(personal(entry.response_summary)),
      duration_ms: Math.round(entry.duration_ms ?? 0),
      error: entry.error ? personal(entry.error) : null,
    })
    if (this.debugBuffer_.length >= 100) void this.flushDebugLog()
    else if (!this.debugFlush_) {
      this.debugFlush_ = setTimeout(() => void this.flushDebugLog(), 500)
      this.debugFlush_.unref?.()
    }
  }

  async flushDebugLog(): Promise<void> {
    if (this.debugFlush_) clearTimeout(this.debugFlush_)
    this.debugFlush_ = null
    const batch = this.debugBuffer_.splice(0)
    if (!batch.length) return
    const now = new Date()
    await (await this.knex())("messaging_debug_log")
      .insert(batch.map((b) => ({ id: newId("mdbg"), ...b, created_at: now, updated_at: now })))
      .catch((e: Error) => this.logger_.warn(`messaging: debug log write failed: ${e.message}`))
  }

  /**
   * Turn full debug capture on for `minutes` (at most the `debug_full_capture_max_minutes`
   * option; recording is switched on too) or off (0). Returns when it ends.
   */
  async setDebugFullCapture(minutes: number, by: string | null): Promise<Date | null> {
    await this.ensureInstalled()
    const max = this.options_.debug_full_capture_max_minutes
    if (minutes > max) throw new RangeError(`full capture can be turned on for at most ${max} minutes (option debug_full_capture_max_minutes)`)
    const until = minutes > 0 ? new Date(Date.now() + minutes * 60_000) : null
    await (await this.knex())("messaging_general_setting")
      .where({ id: "mgen_default" })
      .update({ debug_full_capture_until: until, ...(until ? { debug_enabled: true } : {}), updated_at: new Date() })
    this.invalidateCaches()
    await this.generalSettings()
    this.logger_.warn(
      until
        ? `messaging: full debug capture (phone numbers and texts unmasked) turned on by ${by ?? "an admin"} until ${until.toISOString()}`
        : `messaging: full debug capture turned off by ${by ?? "an admin"}`
    )
    return until
  }

  /** Delete debug log entries older than the retention period. */
  async pruneDebugLog(): Promise<number> {
    const general = await this.generalSettings()
    const days = Number(general.debug_retention_days) || this.options_.debug_log_retention_days
    return (await this.knex())("messaging_debug_log").where("created_at", "<", new Date(Date.now() - days * 86_400_000)).delete()
  }

  /** One maintenance tick: stuck rows, statuses, Omni fallbacks, probes, retention (debug log, message texts). */
  async runMaintenance(): Promise<Record<string, number>> {
    await this.generalSettings()
    const knex = await this.knex()
    const recovered = (await recoverStuckMessages(knex, this.options_.dispatch.stuck_after_ms)).length
    const fallbacks = await this.sendOmniFallbacks()
    const polled = await this.pollDeliveryStatuses()
    const probed = await this.probeUnhealthyAccounts()
    const pruned = (await this.pruneDebugLog()) + (await pruneCallbackIds(knex))
    const texts_removed = this.options_.message_retention_days ? await removeOldTexts(knex, this.options_.message_retention_days) : 0
    const campaigns = await this.completeFinishedCampaigns()
    const replies = await this.pollInboundReplies()
    let balances = 0
    if (Date.now() - this.lastBalanceRefresh_ > BALANCE_REFRESH_MS) {
      this.lastBalanceRefresh_ = Date.now()
      balances = (await this.refreshBalances()).filter((r) => r.ok).length
    }
    return { recovered, fallbacks, polled, probed, pruned, texts_removed, balances, campaigns, replies }
  }

  /**
   * Replies of providers that are polled for them (BSG 2-way), for accounts with
   * `poll_replies` on. The window reaches back past the last stored reply (BSG does not
   * say which zone its times are in; a reply seen twice is stored once, by its id).
   */
  async pollInboundReplies(now = new Date()): Promise<number> {
    const knex = await this.knex()
    const accounts = (await knex("messaging_provider_account").whereNull("deleted_at").where({ enabled: true })) as AccountRow[]
    let stored = 0
    for (const account of accounts) {
      if (PROVIDER_CAPABILITIES[account.type]?.inbound !== "poll" || account.config?.poll_replies !== true) continue
      const adapter = this.dispatcher_.adapterFor(account)
      if (!adapter.fetchInbound) continue
      const last = (await knex(MESSAGE_TABLE).where({ direction: "inbound", provider_account_id: account.id }).max("created_at as at").first()) as { at: Date | null } | undefined
      const HOUR = 3_600_000
      const since = new Date(Math.max(now.getTime() - 24 * HOUR, (last?.at ? new Date(last.at).getTime() : 0) - 6 * HOUR))
      try {
        const replies = storable(await adapter.fetchInbound(since, new Date(now.getTime() + 6 * HOUR)))
        stored += (await this.recordInboundMessages(account, replies)).filter((r) => r.id).length
      } catch (e) {
        this.logger_.warn(`messaging: reading replies of "${account.name}" failed: ${this.maskFor(account, (e as Error).message)}`)
      }
    }
    return stored
  }

  /** Running campaigns with nothing left to send are completed. */
  async completeFinishedCampaigns(): Promise<number> {
    const knex = await this.knex()
    const res = await knex.raw(
      `UPDATE messaging_campaign c SET status = 'completed', finished_at = now(), updated_at = now()
        WHERE c.status = 'running' AND c.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM ${MESSAGE_TABLE} m WHERE m.campaign_id = c.id AND m.status IN ('queued', 'deferred', 'sending'))
        RETURNING c.id`
    )
    return res.rows.length
  }

  /**
   * A customer was deleted: their messages and inbound texts keep counts and costs, but
   * the recipient becomes a hash and the text is removed; notes on the opt-outs of their
   * numbers are removed (the opt-out itself stays, so they are still not messaged).
   */
  async anonymizeCustomer(customerId: string, rawPhones: string[] = []): Promise<AnonymizeResult> {
    const site = await this.siteFor(null)
    const phones = rawPhones.flatMap((raw) => {
      const p = normalizePhone(raw, { defaultRegion: site.default_region ?? undefined })
      return p.ok ? [p.e164] : []
    })
    return this.anonymize_(customerId, phones)
  }

  @InjectTransactionManager()
  protected async anonymize_(customerId: string, phones: string[], @MedusaContext() sharedContext: Context = {}): Promise<AnonymizeResult> {
    return anonymizeCustomerData(knexOf(sharedContext), customerId, phones)
  }

  /** Used by tests: record a failure/success on an account like the dispatcher would. */
  async recordAccountResult(accountId: string, ok: boolean, error = "failure"): Promise<HealthTransitionResult> {
    const knex = await this.knex()
    const account = await this.account(accountId)
    const t = ok
      ? await recordAccountSuccess(knex, accountId)
      : await recordAccountFailure(knex, accountId, error, { threshold: this.dispatcherSettings().failureThreshold })
    await this.alertHealth(account, t, ok ? null : error)
    return t
  }

  /** Raw knex for glue code inside the plugin (reports, exports). */
  @InjectManager()
  async withKnex<T>(fn: (knex: Knex) => Promise<T>, @MedusaContext() sharedContext: Context = {}): Promise<T> {
    return fn(knexOf(sharedContext))
  }
}

function truncate(value: unknown, max = 4000): string | null {
  if (value === undefined || value === null) return null
  const s = typeof value === "string" ? value : JSON.stringify(value)
  return s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s
}

export { WebhookAuthError, WebhookReplayError }
