/**
 * Notification Module provider: `createNotifications({ channel: "sms", to, content: { text } })`
 * anywhere in the shop goes through this plugin's outbox (quiet hours, opt-outs,
 * failover, history). It runs in the notification module's container, which has the
 * database connection and the event bus but not the messaging module: it writes the
 * outbox row itself with the plugin's own store functions and asks for a dispatch.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { Logger, ProviderSendNotificationDTO, ProviderSendNotificationResultsDTO } from "@medusajs/framework/types"
import { AbstractNotificationProviderService, ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { loadSite, enqueueOutbound } from "../../modules/messaging/repositories/outbound"
import { renderTemplateSync } from "../../modules/messaging/text"
import { CHANNELS, type Channel } from "../../modules/messaging/types"

export const DISPATCH_REQUESTED_EVENT = "messaging.dispatch_requested"

type Deps = { logger: Logger; [ContainerRegistrationKeys.PG_CONNECTION]: Knex; [Modules.EVENT_BUS]?: { emit: (e: unknown) => Promise<void> } }

export interface MessagingNotificationOptions {
  channels?: string[]
  /** Map a notification channel to a plugin channel, e.g. { whatsapp: "viber" }. */
  channel_map?: Record<string, Channel>
}

export class MessagingNotificationProviderService extends AbstractNotificationProviderService {
  static identifier = "messaging"
  protected readonly knex_: Knex
  protected readonly logger_: Logger
  protected readonly eventBus_: Deps[typeof Modules.EVENT_BUS]
  protected readonly options_: MessagingNotificationOptions

  constructor(deps: Deps, options: MessagingNotificationOptions = {}) {
    super()
    this.knex_ = deps[ContainerRegistrationKeys.PG_CONNECTION]
    this.logger_ = deps.logger
    this.eventBus_ = deps[Modules.EVENT_BUS]
    this.options_ = options
  }

  static validateOptions(options: Record<string, unknown>) {
    const map = (options.channel_map ?? {}) as Record<string, string>
    for (const [from, to] of Object.entries(map)) {
      if (!CHANNELS.includes(to as Channel)) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `messaging notification provider: channel_map.${from} must be one of ${CHANNELS.join(", ")}`)
      }
    }
  }

  private channelOf(channel: string): Channel {
    const mapped = this.options_.channel_map?.[channel] ?? channel
    if (!CHANNELS.includes(mapped as Channel)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `messaging: channel "${channel}" is not one of ${CHANNELS.join(", ")} (set channel_map)`)
    }
    return mapped as Channel
  }

  async send(notification: ProviderSendNotificationDTO): Promise<ProviderSendNotificationResultsDTO> {
    const channel = this.channelOf(notification.channel)
    const data = (notification.data ?? {}) as Record<string, unknown>
    const salesChannelId = (data.sales_channel_id as string) ?? null
    const site = await loadSite(this.knex_, salesChannelId)
    if (!site) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "messaging: the plugin is not installed yet (run the migrations and start the server once)")

    const body = notification.content?.text ?? (data.text as string | undefined) ?? (await this.renderTemplate(notification.template, data, site.locale))
    if (!body) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `messaging: notification has no content.text and "${notification.template}" is not a messaging template`)
    }
    const id = (notification as { id?: string }).id
    const [row] = await enqueueOutbound(this.knex_, site, {
      channel,
      recipients: [notification.to],
      body,
      subject: notification.content?.subject ?? null,
      sales_channel_id: salesChannelId,
      order_id: (data.order_id as string) ?? null,
      customer_id: (notification as { receiver_id?: string }).receiver_id ?? (data.customer_id as string) ?? null,
      template_code: notification.template ?? null,
      event_name: "notification",
      idempotency_prefix: id ?? null,
      metadata: { notification_id: id ?? null },
    })
    if (!row) {
      // Already written for this notification id: report the existing row.
      const existing = await this.knex_("messaging_message").where("metadata", "@>", JSON.stringify({ notification_id: id })).first("id")
      return { id: existing?.id }
    }
    if (row.status === "skipped") {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `messaging: not sent: ${row.error}`)
    }
    await this.eventBus_?.emit({ name: DISPATCH_REQUESTED_EVENT, data: { id: row.id } }).catch(() => undefined)
    return { id: row.id }
  }

  /** A messaging template code (e.g. BW_ORDER_PLACED_CUSTOMER) rendered with the notification's data. */
  private async renderTemplate(code: string | undefined, data: Record<string, unknown>, locale: string): Promise<string | null> {
    if (!code) return null
    const rows = await this.knex_("messaging_template").where({ code, enabled: true }).whereNull("deleted_at").whereNull("sales_channel_id")
    const tpl = rows.find((r: any) => r.locale === locale) ?? rows.find((r: any) => r.locale === "en") ?? rows[0]
    return tpl ? renderTemplateSync(tpl.body, data) : null
  }
}
