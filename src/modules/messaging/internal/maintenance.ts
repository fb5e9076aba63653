/**
 * The periodic work and the debug log: buffering and pruning the provider exchange log,
 * status and reply polling, probes, Omni fallbacks, retention and anonymization.
 */
import type { ExchangeEntry } from "../providers"
import { maskPersonalData } from "../providers/mask"
import { normalizePhone } from "../phones/phone-number"
import { deleteDebugEntries, insertDebugEntries } from "../repositories/debug-log"
import { dueOmniFallbacks, markFallbackQueued } from "../repositories/message-actions"
import { recoverStuckMessages } from "../repositories/message-claims"
import type { NewMessage } from "../repositories/messages"
import { type AnonymizeResult, anonymizeCustomerData, removeOldTexts } from "../repositories/privacy"
import { pruneCallbackIds } from "../repositories/reports"
import { saveFullCapture } from "../repositories/settings"
import type { ModuleContext } from "./context"

/** Balances (and low-balance alerts) are refreshed by the maintenance job this often. */
const BALANCE_REFRESH_MS = 10 * 60_000
const DAY = 86_400_000

export class MaintenanceService {
  private debugBuffer_: Record<string, unknown>[] = []
  private debugFlush_: NodeJS.Timeout | null = null
  private lastBalanceRefresh_ = 0

  constructor(private readonly ctx: ModuleContext) {}

  /** Whether an admin turned on full capture (numbers and texts unmasked) and it has not run out. */
  private fullCaptureActive(): boolean {
    const until = this.ctx.parts.settings.cachedGeneral().debug_full_capture_until
    return !!until && new Date(until).getTime() > Date.now()
  }

  recordExchange(accountId: string, entry: ExchangeEntry): void {
    if (!this.ctx.parts.settings.cachedGeneral().debug_enabled) return
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
    await insertDebugEntries(await this.ctx.knex(), batch).catch((e: Error) =>
      this.ctx.logger.warn(`messaging: debug log write failed: ${e.message}`)
    )
  }

  /** Clear the debug log (everything, or entries before `before`); returns how many were deleted. */
  async clearDebugLog(before?: Date | null): Promise<number> {
    await this.flushDebugLog()
    return deleteDebugEntries(await this.ctx.knex(), before)
  }

  async setDebugFullCapture(minutes: number, by: string | null): Promise<Date | null> {
    const { settings } = this.ctx.parts
    await settings.ensureInstalled()
    const max = this.ctx.options.debug_full_capture_max_minutes
    if (minutes > max)
      throw new RangeError(
        `full capture can be turned on for at most ${max} minutes (option debug_full_capture_max_minutes)`
      )
    const until = minutes > 0 ? new Date(Date.now() + minutes * 60_000) : null
    await saveFullCapture(await this.ctx.knex(), until)
    settings.invalidate()
    this.ctx.parts.dispatch.invalidateAccounts()
    await settings.general()
    this.ctx.logger.warn(
      until
        ? `messaging: full debug capture (phone numbers and texts unmasked) turned on by ${by ?? "an admin"} until ${until.toISOString()}`
        : `messaging: full debug capture turned off by ${by ?? "an admin"}`
    )
    return until
  }

  async pruneDebugLog(): Promise<number> {
    const general = await this.ctx.parts.settings.general()
    const days = Number(general.debug_retention_days) || this.ctx.options.debug_log_retention_days
    return deleteDebugEntries(await this.ctx.knex(), new Date(Date.now() - days * DAY))
  }

  /**
   * Omni without native fallback: a Viber message with no delivery report by its
   * fallback time gets its SMS (once: the key is the parent id).
   */
  async sendOmniFallbacks(limit: number): Promise<number> {
    const knex = await this.ctx.knex()
    const due = await dueOmniFallbacks(knex, limit)
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
    const created = await this.ctx.transaction((trx) => this.ctx.parts.outbox.enqueue(trx, rows))
    await markFallbackQueued(knex, due)
    return created.length
  }

  /** One maintenance tick: stuck rows, statuses, Omni fallbacks, probes, retention (debug log, message texts). */
  async run(): Promise<Record<string, number>> {
    const { settings, reports, accounts, campaigns } = this.ctx.parts
    const { options } = this.ctx
    await settings.general()
    const knex = await this.ctx.knex()
    const recovered = (await recoverStuckMessages(knex, options.dispatch.stuck_after_ms)).length
    const fallbacks = await this.sendOmniFallbacks(200)
    const polled = await reports.pollStatuses(500, 30_000)
    const probed = await accounts.probeUnhealthy()
    const pruned = (await this.pruneDebugLog()) + (await pruneCallbackIds(knex))
    const texts_removed = options.message_retention_days
      ? await removeOldTexts(knex, options.message_retention_days)
      : 0
    const completed = await campaigns.completeFinished()
    const replies = await reports.pollReplies(new Date())
    let balances = 0
    if (Date.now() - this.lastBalanceRefresh_ > BALANCE_REFRESH_MS) {
      this.lastBalanceRefresh_ = Date.now()
      balances = (await accounts.refreshBalances()).filter((r) => r.ok).length
    }
    return { recovered, fallbacks, polled, probed, pruned, texts_removed, balances, campaigns: completed, replies }
  }

  /**
   * A customer was deleted: their messages and inbound texts keep counts and costs, but
   * the recipient becomes a hash and the text is removed; notes on the opt-outs of their
   * numbers are removed (the opt-out itself stays, so they are still not messaged).
   */
  async anonymizeCustomer(customerId: string, rawPhones: string[]): Promise<AnonymizeResult> {
    const site = await this.ctx.parts.settings.siteFor(null)
    const phones = rawPhones.flatMap((raw) => {
      const p = normalizePhone(raw, { defaultRegion: site.default_region ?? undefined })
      return p.ok ? [p.e164] : []
    })
    return this.ctx.transaction((knex) => anonymizeCustomerData(knex, customerId, phones))
  }
}

function truncate(value: unknown, max = 4000): string | null {
  if (value === undefined || value === null) return null
  const s = typeof value === "string" ? value : JSON.stringify(value)
  return s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s
}
