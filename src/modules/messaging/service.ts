/**
 * The messaging module's service: Medusa's generated CRUD for every model, plus the domain entry points, each
 * handed to one of the internal services in ./internal (outbox, dispatch, delivery reports, campaigns, accounts
 * and health, maintenance). All SQL lives in ./repositories. See docs/architecture.md.
 */
import type { Context, Logger } from "@medusajs/framework/types"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { InjectManager, InjectTransactionManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import {
  MessagingAuditEntry,
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
import type { ClaimOptions } from "./repositories/message-claims"
import type { MessageRow, NewMessage } from "./repositories/messages"
import type { OutboundInput } from "./repositories/outbound"
import type { AnonymizeResult } from "./repositories/privacy"
import { type MessageStatsFilter, messageStats } from "./repositories/stats"
import type { InboundMessage, WebhookRequest } from "./providers/types"
import type { SiteSettings } from "./pipeline/site"
import type { EventPlanInput, TemplateRow } from "./pipeline/plan-event"
import type { ModuleParts } from "./internal/context"
import { buildParts } from "./internal/parts"
import type { NotificationInput, OutboxService } from "./internal/outbox"
import type { WebhookOutcome } from "./internal/delivery-reports"
import type { AccountHealthService } from "./internal/accounts"

type InjectedDependencies = { logger: Logger }
export type { WebhookOutcome, NotificationInput }

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
  MessagingAuditEntry,
}) {
  protected readonly options_: MessagingPluginOptions
  protected readonly logger_: Logger
  protected readonly parts_: ModuleParts

  __hooks = {
    onApplicationStart: async () => {
      try {
        await this.ensureInstalled()
      } catch (e) {
        this.logger_.error(`messaging: installation on start failed: ${(e as Error).message}`)
      }
    },
    onApplicationShutdown: async () => {
      this.parts_.dispatch.stop()
      await this.flushDebugLog()
    },
  }

  constructor(deps: InjectedDependencies, options?: unknown) {
    // @ts-ignore MedusaService takes the container and the module options
    super(...arguments)
    this.logger_ = deps.logger
    this.options_ = parsePluginOptions(options)
    const [opts, logger] = [this.options_, this.logger_]
    this.parts_ = buildParts({
      options: opts,
      logger,
      knex: () => this.knex(),
      transaction: (fn) => this.transaction_(fn),
    })
  }

  @InjectManager()
  protected async knex(@MedusaContext() sharedContext: Context = {}): Promise<Knex> {
    return knexOf(sharedContext)
  }

  @InjectTransactionManager()
  protected async transaction_<T>(
    fn: (knex: Knex) => Promise<T>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<T> {
    return fn(knexOf(sharedContext))
  }

  /** The validated plugin options (subscribers and workflows read them through here). */
  getOptions(): MessagingPluginOptions {
    return this.options_
  }

  // ── installation and settings (internal/settings) ──
  async ensureInstalled(): Promise<void> {
    return this.parts_.settings.ensureInstalled()
  }
  protected async install_(): Promise<void> {
    return this.parts_.settings.install()
  }
  async generalSettings(): Promise<Record<string, any>> {
    return this.parts_.settings.general()
  }
  invalidateCaches(): void {
    this.parts_.settings.invalidate()
    this.parts_.dispatch.invalidateAccounts()
  }
  /** Event names that have enabled custom rules (cached a few seconds; checked on every shop event). */
  async customRuleEvents(): Promise<Set<string>> {
    return this.parts_.settings.customRuleEvents()
  }
  async siteFor(salesChannelId: string | null | undefined): Promise<SiteSettings> {
    return this.parts_.settings.siteFor(salesChannelId)
  }

  // ── the outbox (internal/outbox) ──
  /** Write messages; a message whose idempotency key exists is not written again. Returns the rows created. */
  @InjectTransactionManager()
  async enqueueMessages(messages: NewMessage[], @MedusaContext() sharedContext: Context = {}): Promise<MessageRow[]> {
    return this.parts_.outbox.enqueue(knexOf(sharedContext), messages)
  }
  /** A shop event: one row per (recipient, channel) from the site's templates; the same event twice writes nothing new. */
  async enqueueEventMessages(
    input: EventPlanInput & { sales_channel_id?: string | null },
    extra: { templates?: TemplateRow[]; includeStaff?: boolean } = {}
  ): Promise<MessageRow[]> {
    return this.parts_.outbox.enqueueEvent(input, extra)
  }
  /** Whether a template that could go out for this event reads line-item totals (not cached). */
  async eventReadsItemTotals(eventName: string): Promise<boolean> {
    return this.parts_.outbox.eventReadsItemTotals(eventName)
  }
  /** Manual and bulk sends, prepared like event messages. */
  async enqueueManualMessages(input: OutboundInput): ReturnType<OutboxService["enqueueManual"]> {
    return this.parts_.outbox.enqueueManual(input)
  }
  /** A Notification Module notification (keyed by its id: a retry writes nothing new). */
  async enqueueNotification(input: NotificationInput): Promise<{ id: string | undefined; created: boolean }> {
    return this.parts_.outbox.enqueueNotification(input)
  }
  async cancelMessages(ids: string[], note = "canceled by an admin"): ReturnType<OutboxService["cancel"]> {
    return this.parts_.outbox.cancel(ids, note)
  }
  /** "Send now": release deferred (quiet hours) messages. */
  async releaseMessages(ids: string[]): Promise<string[]> {
    return this.parts_.outbox.release(ids)
  }
  /** "Send again" for messages held with an unknown outcome: back to the queue as not sent. */
  async sendUnknownAgain(ids: string[]): Promise<string[]> {
    return this.parts_.outbox.sendUnknownAgain(ids)
  }
  /** A new copy of messages that went out or failed, through opt-out and quiet-hours checks unless overridden. */
  async resendMessages(
    ids: string[],
    createdBy: string | null = null,
    opts: { override?: boolean } = {}
  ): Promise<{ created: MessageRow[]; refused: { id: string; code: string; reason: string }[] }> {
    return this.parts_.outbox.resend(ids, createdBy, opts)
  }

  // ── dispatch (internal/dispatch) ──
  scheduleDispatch(delayMs = 20): void {
    this.parts_.dispatch.schedule(delayMs)
  }
  async dispatchNow(): Promise<{ claimed: number; accepted: number; retried: number; failed: number }> {
    return this.parts_.dispatch.now()
  }
  @InjectTransactionManager()
  async claimDueMessages(opts: ClaimOptions, @MedusaContext() sharedContext: Context = {}): Promise<MessageRow[]> {
    return this.parts_.dispatch.claim(knexOf(sharedContext), opts)
  }
  @InjectTransactionManager()
  async recoverStuckMessages(olderThanMs: number, @MedusaContext() sharedContext: Context = {}): Promise<MessageRow[]> {
    return this.parts_.dispatch.recoverStuck(knexOf(sharedContext), olderThanMs)
  }

  // ── campaigns (internal/campaigns) ──
  async pauseCampaign(id: string): Promise<number> {
    return this.parts_.campaigns.pause(id)
  }
  async resumeCampaign(id: string): Promise<number> {
    return this.parts_.campaigns.resume(id)
  }
  async cancelCampaign(id: string, note?: string): Promise<number> {
    return this.parts_.campaigns.cancel(id, note)
  }
  async campaignProgress(id: string): Promise<{ progress: Record<string, number>; next_send_at: Date | null }> {
    return this.parts_.campaigns.progress(id)
  }
  async completeFinishedCampaigns(): Promise<number> {
    return this.parts_.campaigns.completeFinished()
  }
  /** Per-day counts and cost, for the admin's charts. */
  async messageStats(filter: MessageStatsFilter): Promise<Array<Record<string, unknown>>> {
    return messageStats(await this.knex(), filter)
  }

  // ── accounts, health and alerts (internal/accounts) ──
  async testAccount(id: string): ReturnType<AccountHealthService["test"]> {
    return this.parts_.accounts.test(id)
  }
  async refreshBalances(): Promise<Array<{ id: string; ok: boolean; error?: string }>> {
    return this.parts_.accounts.refreshBalances()
  }
  /** Probe unhealthy accounts; a success marks them healthy again (one "recovered" e-mail). */
  async probeUnhealthyAccounts(): Promise<number> {
    return this.parts_.accounts.probeUnhealthy()
  }
  async hasSmtpAccount(): Promise<boolean> {
    return this.parts_.accounts.hasSmtpAccount()
  }
  /** Alert e-mails held for the Notification Module (no SMTP account when they were written). */
  async alertsForNotificationModule(limit = 20): Promise<MessageRow[]> {
    return this.parts_.accounts.alertsForNotificationModule(limit)
  }
  /** The Notification Module took the alert (or an SMTP account appeared: the dispatcher sends it). */
  async settleNotificationAlert(id: string, outcome: { notification_id: string } | { requeue: true }): Promise<void> {
    return this.parts_.accounts.settleNotificationAlert(id, outcome)
  }

  // ── delivery reports, inbound, opt-outs (internal/delivery-reports) ──
  /** Verify and apply a provider callback (WebhookAuthError, WebhookReplayError, "not found" for an unusable account). */
  async handleWebhook(accountId: string, request: WebhookRequest): Promise<WebhookOutcome> {
    return this.parts_.reports.handleWebhook(accountId, request)
  }
  /** Store inbound replies, each in the site of the last message sent to that number. */
  async recordInboundMessages(
    account: { id: string; type: string },
    messages: InboundMessage[]
  ): Promise<WebhookOutcome["inbound"]> {
    return this.parts_.reports.recordInbound(account, messages)
  }
  async linkInboundToCustomer(messageIds: string[], customerId: string): Promise<void> {
    return this.parts_.reports.linkInboundToCustomer(messageIds, customerId)
  }
  async addOptOut(phone: string, channel: string, source = "admin", note: string | null = null): Promise<boolean> {
    return this.parts_.reports.addOptOut(phone, channel, source, note)
  }
  async removeOptOut(phone: string, channel?: string): Promise<number> {
    return this.parts_.reports.removeOptOut(phone, channel)
  }
  /** Poll delivery states of sent messages whose provider has no callbacks (BSG) or whose callback is late. */
  async pollDeliveryStatuses(limit = 500, minAgeMs = 30_000): Promise<number> {
    return this.parts_.reports.pollStatuses(limit, minAgeMs)
  }
  /** Replies of providers polled for them (BSG 2-way), for accounts with `poll_replies` on. */
  async pollInboundReplies(now = new Date()): Promise<number> {
    return this.parts_.reports.pollReplies(now)
  }

  // ── maintenance and the debug log (internal/maintenance) ──
  /** Omni without native fallback: the SMS of a Viber message with no delivery report in time (once). */
  async sendOmniFallbacks(limit = 200): Promise<number> {
    return this.parts_.maintenance.sendOmniFallbacks(limit)
  }
  async flushDebugLog(): Promise<void> {
    return this.parts_.maintenance.flushDebugLog()
  }
  /** Clear the debug log (everything, or entries before `before`); returns how many were deleted. */
  async clearDebugLog(before?: Date | null): Promise<number> {
    return this.parts_.maintenance.clearDebugLog(before)
  }
  /** Full debug capture on for `minutes` (at most the option's maximum) or off (0); returns when it ends. */
  async setDebugFullCapture(minutes: number, by: string | null): Promise<Date | null> {
    return this.parts_.maintenance.setDebugFullCapture(minutes, by)
  }
  async pruneDebugLog(): Promise<number> {
    return this.parts_.maintenance.pruneDebugLog()
  }
  /** One maintenance tick: stuck rows, statuses, Omni fallbacks, probes, retention, campaigns, replies, balances. */
  async runMaintenance(): Promise<Record<string, number>> {
    return this.parts_.maintenance.run()
  }
  /** A customer was deleted: their messages keep counts and costs, recipients become hashes, texts go. */
  async anonymizeCustomer(customerId: string, rawPhones: string[] = []): Promise<AnonymizeResult> {
    return this.parts_.maintenance.anonymizeCustomer(customerId, rawPhones)
  }

  /** Raw knex for tests, host scripts and the bench only; production code goes through the methods above. */
  @InjectManager()
  async withKnex<T>(fn: (knex: Knex) => Promise<T>, @MedusaContext() sharedContext: Context = {}): Promise<T> {
    return fn(knexOf(sharedContext))
  }
}

export { WebhookAuthError, WebhookReplayError } from "./providers"
