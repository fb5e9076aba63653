/**
 * The outbox: every new message (event, manual, resend, alert, fallback, notification)
 * is written here, and so are the admin's changes to waiting messages.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { MedusaError } from "@medusajs/framework/utils"
import { readsItemTotals, renderTemplateSync } from "../text"
import { type MessageRow, type NewMessage, insertMessages, insertTimeline } from "../repositories/messages"
import {
  cancelWaiting,
  messageOfNotification,
  outboundByIds,
  releaseWaiting,
  sendUnknownAgain,
} from "../repositories/message-actions"
import { type OutboundInput, enqueueOutbound, loadOptOuts } from "../repositories/outbound"
import { optOutsFor } from "../repositories/reports"
import {
  enabledStaffProfiles,
  globalTemplatesByCode,
  sendableTemplateTexts,
  templatesForEvent,
} from "../repositories/settings"
import { type SiteSettings, siteSendsEvent } from "../pipeline/site"
import { PHONE_CHANNELS } from "../pipeline/prepare"
import { type ResendPlan, planResend } from "../pipeline/resend"
import { type EventPlanInput, type TemplateRow, planEventMessages } from "../pipeline/plan-event"
import type { Channel } from "../types"
import type { ModuleContext } from "./context"

/** A notification handed over by the Notification Module provider. */
export interface NotificationInput {
  /** The notification's id: the same id twice writes one message. */
  notification_id: string | null
  channel: Channel
  to: string
  text: string | null
  subject: string | null
  template: string | null
  data: Record<string, unknown>
  receiver_id: string | null
}

export class OutboxService {
  constructor(private readonly ctx: ModuleContext) {}

  /** Write messages; a message whose idempotency key exists is not written again. Returns the rows created. */
  async enqueue(knex: Knex, messages: NewMessage[]): Promise<MessageRow[]> {
    const rows = await insertMessages(knex, messages)
    if (rows.some((r) => r.status === "queued")) this.ctx.parts.dispatch.schedule()
    return rows
  }

  private async write(messages: NewMessage[]): Promise<MessageRow[]> {
    return this.ctx.transaction((knex) => this.enqueue(knex, messages))
  }

  async enqueueEvent(
    input: EventPlanInput & { sales_channel_id?: string | null },
    extra: { templates?: TemplateRow[]; includeStaff?: boolean } = {}
  ): Promise<MessageRow[]> {
    const { settings } = this.ctx.parts
    await settings.ensureInstalled()
    const knex = await this.ctx.knex()
    const site = await settings.siteFor(input.sales_channel_id)
    if (!siteSendsEvent(site, input.event_name)) {
      this.ctx.logger?.info?.(
        `messaging: ${input.event_name} is switched off for ${site.sales_channel_id ?? "the global site"}; nothing sent`
      )
      return []
    }
    const templates =
      extra.templates ?? (await templatesForEvent(knex, input.event_name, site.sales_channel_id ?? null))
    const staff = extra.includeStaff === false ? [] : await enabledStaffProfiles(knex)
    const phones = [...input.customer_phones.map((c) => c.phone ?? ""), ...site.admin_phones].filter(Boolean)
    const optOuts = await loadOptOuts(knex, phones, site)
    const planned = planEventMessages(input, { site, templates, staff, optOuts })
    for (const row of planned) {
      if (row.channel === "omni")
        row.metadata = { ...(row.metadata ?? {}), omni_fallback_seconds: site.omni_fallback_seconds }
    }
    return this.write(planned)
  }

  async eventReadsItemTotals(eventName: string): Promise<boolean> {
    const rows = await sendableTemplateTexts(await this.ctx.knex(), eventName)
    return rows.some((r) => readsItemTotals(r.body) || readsItemTotals(r.subject))
  }

  async enqueueManual(
    input: OutboundInput
  ): Promise<{ created: MessageRow[]; skipped: { recipient: string; reason: string }[] }> {
    const { settings } = this.ctx.parts
    await settings.ensureInstalled()
    const site = await settings.siteFor(input.sales_channel_id)
    const created = await enqueueOutbound(await this.ctx.knex(), site, input)
    if (created.some((r) => r.status === "queued")) this.ctx.parts.dispatch.schedule()
    return {
      created,
      skipped: created
        .filter((r) => r.status === "skipped")
        .map((r) => ({ recipient: r.recipient, reason: r.error ?? "skipped" })),
    }
  }

  /**
   * A Notification Module notification: its text (or a messaging template of its code
   * rendered with its data) to one recipient. Keyed by the notification id, so a retry
   * returns the message written the first time.
   */
  async enqueueNotification(input: NotificationInput): Promise<{ id: string | undefined; created: boolean }> {
    const knex = await this.ctx.knex()
    const salesChannelId = (input.data.sales_channel_id as string) ?? null
    const site = await this.ctx.parts.settings.siteFor(salesChannelId)
    const body =
      input.text ??
      (input.data.text as string | undefined) ??
      (await this.renderTemplate(input.template, input.data, site.locale))
    if (!body) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `messaging: notification has no content.text and "${input.template}" is not a messaging template`
      )
    }
    const id = input.notification_id
    const [row] = await enqueueOutbound(knex, site, {
      channel: input.channel,
      recipients: [input.to],
      body,
      subject: input.subject,
      sales_channel_id: salesChannelId,
      order_id: (input.data.order_id as string) ?? null,
      customer_id: input.receiver_id ?? (input.data.customer_id as string) ?? null,
      template_code: input.template,
      event_name: "notification",
      idempotency_prefix: id,
      metadata: { notification_id: id },
    })
    // Already written for this notification id: the existing row.
    if (!row) return { id: id ? (await messageOfNotification(knex, id))?.id : undefined, created: false }
    if (row.status === "skipped")
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `messaging: not sent: ${row.error}`)
    if (row.status === "queued") this.ctx.parts.dispatch.schedule()
    return { id: row.id, created: true }
  }

  /** A messaging template (e.g. BW_ORDER_PLACED_CUSTOMER) rendered with a notification's data. */
  private async renderTemplate(
    code: string | null,
    data: Record<string, unknown>,
    locale: string
  ): Promise<string | null> {
    if (!code) return null
    const rows = await globalTemplatesByCode(await this.ctx.knex(), code)
    const tpl = rows.find((r) => r.locale === locale) ?? rows.find((r) => r.locale === "en") ?? rows[0]
    return tpl ? renderTemplateSync(tpl.body, data) : null
  }

  async cancel(
    ids: string[],
    note = "canceled by an admin"
  ): Promise<{ canceled: string[]; not_cancelable: string[] }> {
    const canceled = await cancelWaiting(await this.ctx.knex(), ids, note)
    const done = new Set(canceled)
    return { canceled, not_cancelable: ids.filter((id) => !done.has(id)) }
  }

  async release(ids: string[]): Promise<string[]> {
    const released = await releaseWaiting(await this.ctx.knex(), ids)
    if (released.length) this.ctx.parts.dispatch.schedule()
    return released
  }

  async sendUnknownAgain(ids: string[]): Promise<string[]> {
    const sent = await sendUnknownAgain(await this.ctx.knex(), ids)
    if (sent.length) this.ctx.parts.dispatch.schedule()
    return sent
  }

  async resend(
    ids: string[],
    createdBy: string | null,
    opts: { override?: boolean }
  ): Promise<{ created: MessageRow[]; refused: { id: string; code: string; reason: string }[] }> {
    const knex = await this.ctx.knex()
    const now = new Date()
    const originals = await outboundByIds(knex, ids)
    const optOuts = await optOutsFor(
      knex,
      originals.filter((m) => PHONE_CHANNELS.includes(m.channel)).map((m) => m.recipient)
    )
    const sites = new Map<string | null, SiteSettings>()
    const plans: ResendPlan[] = []
    for (const original of originals) {
      if (!sites.has(original.sales_channel_id))
        sites.set(original.sales_channel_id, await this.ctx.parts.settings.siteFor(original.sales_channel_id))
      plans.push(
        planResend({
          original,
          site: sites.get(original.sales_channel_id)!,
          optedOut: optOuts.get(original.recipient) ?? new Set(),
          override: !!opts.override,
          by: createdBy,
          now,
        })
      )
    }
    const refused = plans.flatMap((p) => (p.ok ? [] : [{ id: p.id, code: p.code, reason: p.reason }]))
    const created = await this.write(plans.flatMap((p) => (p.ok ? [p.copy] : [])))
    const notes = new Map(
      plans.flatMap((p) => (p.ok && p.override_note ? [[p.copy.parent_id!, p.override_note] as const] : []))
    )
    await insertTimeline(
      knex,
      created
        .filter((c) => notes.has(c.parent_id!))
        .map((c) => ({
          message_id: c.id,
          status: c.status,
          source: "admin",
          note: notes.get(c.parent_id!)!,
          occurred_at: now,
        }))
    )
    return { created, refused }
  }
}
