/** Delivery reports (callbacks and polling), inbound replies and opt-outs. */
import { PROVIDER_CAPABILITIES, WebhookReplayError } from "../providers"
import type { InboundMessage, MessagingProvider, StatusReport, WebhookRequest } from "../providers/types"
import { storable } from "../text"
import { normalizePhone } from "../phones/phone-number"
import { phoneOptions } from "../pipeline/site"
import { type AccountRow, enabledAccounts } from "../repositories/accounts"
import type { MessageRow } from "../repositories/messages"
import {
  clearStatusChecked,
  lastInboundAt,
  lastOutboundTo,
  markStatusChecked,
  sentAwaitingStatus,
  setCustomerOf,
} from "../repositories/message-actions"
import {
  type ApplyOutcome,
  addOptOut,
  applyStatusReports,
  claimCallbackId,
  recordInbound,
  releaseCallbackId,
  removeOptOut,
  sentMessagesFor,
  splitUnconfirmedFinals,
} from "../repositories/reports"
import type { ModuleContext } from "./context"

export interface WebhookOutcome {
  reports: number
  applied: number
  inbound: Array<{ id: string | null; phone: string; keyword: "opt_out" | "opt_in" | null }>
  response?: { status: number; body: unknown; contentType?: string }
}

const HOUR = 3_600_000

export class DeliveryReportsService {
  constructor(private readonly ctx: ModuleContext) {}

  async handleWebhook(accountId: string, request: WebhookRequest): Promise<WebhookOutcome> {
    const { accounts, dispatch } = this.ctx.parts
    const account = await accounts.account(accountId)
    if (!account.enabled) throw new Error(`provider account ${accountId} not found (disabled)`)
    const adapter = dispatch.adapterFor(account)
    // a report or inbound text may carry NUL (or a lone surrogate): stored with U+FFFD instead
    const parsed = storable(await adapter.parseWebhook(request))
    const knex = await this.ctx.knex()
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
    const inbound = await this.recordInbound(account, parsed.inbound)
    return { reports: parsed.reports.length, applied, inbound, response: parsed.response }
  }

  /**
   * Store inbound replies. Each belongs to the site of the last message we sent to that
   * number (else the global site), whose keyword lists decide whether it changes consent.
   */
  async recordInbound(
    account: { id: string; type: string },
    messages: InboundMessage[]
  ): Promise<WebhookOutcome["inbound"]> {
    const knex = await this.ctx.knex()
    const { settings } = this.ctx.parts
    const global = await settings.siteFor(null)
    const out: WebhookOutcome["inbound"] = []
    for (const msg of messages) {
      const parsedPhone = normalizePhone(msg.from, phoneOptions(global))
      const phone = parsedPhone.ok ? parsedPhone.e164 : msg.from
      const last = await lastOutboundTo(knex, phone)
      const site = last?.sales_channel_id ? await settings.siteFor(last.sales_channel_id) : global
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
  private async applyWebhookReports(
    account: AccountRow,
    adapter: MessagingProvider,
    reports: StatusReport[],
    bodySigned: boolean
  ): Promise<ApplyOutcome[]> {
    const knex = await this.ctx.knex()
    if (bodySigned) return applyStatusReports(knex, reports, { account_id: account.id, source: "webhook" })
    const { apply, confirm } = splitUnconfirmedFinals(reports)
    const outcomes = await applyStatusReports(knex, apply, { account_id: account.id, source: "webhook" })
    const messages = await sentMessagesFor(knex, account.id, confirm)
    if (!messages.length) return outcomes
    try {
      const confirmed = await adapter.status(
        messages.map((m) => ({ id: m.id, provider_message_id: m.provider_message_id }))
      )
      outcomes.push(...(await applyStatusReports(knex, confirmed, { account_id: account.id, source: "poll" })))
    } catch (e) {
      this.ctx.logger.warn(
        `messaging: confirming a callback for "${account.name}" failed, the status poll will: ${this.ctx.parts.accounts.maskFor(account, (e as Error).message)}`
      )
      await clearStatusChecked(
        knex,
        messages.map((m) => m.id)
      )
    }
    return outcomes
  }

  async linkInboundToCustomer(messageIds: string[], customerId: string): Promise<void> {
    if (!messageIds.length) return
    await setCustomerOf(await this.ctx.knex(), messageIds, customerId)
  }

  async addOptOut(phone: string, channel: string, source: string, note: string | null): Promise<boolean> {
    return addOptOut(await this.ctx.knex(), phone, channel, source, note)
  }

  async removeOptOut(phone: string, channel?: string): Promise<number> {
    return removeOptOut(await this.ctx.knex(), phone, channel)
  }

  /** Poll delivery states of sent messages whose provider has no callbacks (BSG) or whose callback is late. */
  async pollStatuses(limit: number, minAgeMs: number): Promise<number> {
    const knex = await this.ctx.knex()
    const { accounts, dispatch } = this.ctx.parts
    const rows = await sentAwaitingStatus(knex, limit, new Date(Date.now() - minAgeMs))
    const byAccount = new Map<string, MessageRow[]>()
    for (const m of rows) byAccount.set(m.provider_account_id!, [...(byAccount.get(m.provider_account_id!) ?? []), m])
    let updated = 0
    for (const [accountId, messages] of byAccount) {
      let account: AccountRow
      try {
        account = await accounts.account(accountId)
      } catch {
        continue
      }
      const adapter = dispatch.adapterFor(account)
      try {
        const reports = await adapter.status(
          messages.map((m) => ({ id: m.id, provider_message_id: m.provider_message_id }))
        )
        const outcomes = await applyStatusReports(knex, reports, { account_id: account.id, source: "poll" })
        updated += outcomes.filter((o) => o.applied).length
      } catch (e) {
        this.ctx.logger.warn(
          `messaging: status poll for "${account.name}" failed: ${accounts.maskFor(account, (e as Error).message)}`
        )
      }
      await markStatusChecked(
        knex,
        messages.map((m) => m.id)
      )
    }
    return updated
  }

  /**
   * Replies of providers that are polled for them (BSG 2-way), for accounts with
   * `poll_replies` on. The window reaches back past the last stored reply (BSG does not
   * say which zone its times are in; a reply seen twice is stored once, by its id).
   */
  async pollReplies(now: Date): Promise<number> {
    const knex = await this.ctx.knex()
    const { accounts, dispatch } = this.ctx.parts
    let stored = 0
    for (const account of await enabledAccounts(knex)) {
      if (PROVIDER_CAPABILITIES[account.type]?.inbound !== "poll" || account.config?.poll_replies !== true) continue
      const adapter = dispatch.adapterFor(account)
      if (!adapter.fetchInbound) continue
      const last = await lastInboundAt(knex, account.id)
      const since = new Date(Math.max(now.getTime() - 24 * HOUR, (last ? last.getTime() : 0) - 6 * HOUR))
      try {
        const replies = storable(await adapter.fetchInbound(since, new Date(now.getTime() + 6 * HOUR)))
        stored += (await this.recordInbound(account, replies)).filter((r) => r.id).length
      } catch (e) {
        this.ctx.logger.warn(
          `messaging: reading replies of "${account.name}" failed: ${accounts.maskFor(account, (e as Error).message)}`
        )
      }
    }
    return stored
  }
}
