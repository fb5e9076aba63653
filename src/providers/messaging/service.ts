/**
 * Notification Module provider: `createNotifications({ channel: "sms", to, content: { text } })`
 * anywhere in the shop goes through this plugin's outbox (quiet hours, opt-outs,
 * failover, history). It runs in the notification module's container, which does not
 * hold the messaging module: it finds the messaging module's service (registered in
 * that container when the shop lists "messaging" in the notification module's
 * dependencies, else the loaded module instance) and hands it the notification, keyed
 * by the notification id so a retry never writes a second message.
 */
import type { Logger, ProviderSendNotificationDTO, ProviderSendNotificationResultsDTO } from "@medusajs/framework/types"
import { MedusaModule } from "@medusajs/framework/modules-sdk"
import { AbstractNotificationProviderService, MedusaError, Modules } from "@medusajs/framework/utils"
import type MessagingModuleService from "../../modules/messaging/service"
import { CHANNELS, type Channel } from "../../modules/messaging/types"

/** The messaging module's key (same as MESSAGING_MODULE; not imported to keep the module's index out of this bundle). */
const MESSAGING_MODULE = "messaging"

export const DISPATCH_REQUESTED_EVENT = "messaging.dispatch_requested"

type Deps = {
  logger: Logger
  [Modules.EVENT_BUS]?: { emit: (e: unknown) => Promise<void> }
  [MESSAGING_MODULE]?: MessagingModuleService
}

export interface MessagingNotificationOptions {
  channels?: string[]
  /** Map a notification channel to a plugin channel, e.g. { whatsapp: "viber" }. */
  channel_map?: Record<string, Channel>
}

export class MessagingNotificationProviderService extends AbstractNotificationProviderService {
  static identifier = "messaging"
  protected readonly deps_: Deps
  protected readonly logger_: Logger
  protected readonly eventBus_: Deps[typeof Modules.EVENT_BUS]
  protected readonly options_: MessagingNotificationOptions

  constructor(deps: Deps, options: MessagingNotificationOptions = {}) {
    super()
    this.deps_ = deps
    this.logger_ = deps.logger
    this.eventBus_ = deps[Modules.EVENT_BUS]
    this.options_ = options
  }

  static validateOptions(options: Record<string, unknown>) {
    const map = (options.channel_map ?? {}) as Record<string, string>
    for (const [from, to] of Object.entries(map)) {
      if (!CHANNELS.includes(to as Channel)) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `messaging notification provider: channel_map.${from} must be one of ${CHANNELS.join(", ")}`
        )
      }
    }
  }

  private channelOf(channel: string): Channel {
    const mapped = this.options_.channel_map?.[channel] ?? channel
    if (!CHANNELS.includes(mapped as Channel)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `messaging: channel "${channel}" is not one of ${CHANNELS.join(", ")} (set channel_map)`
      )
    }
    return mapped as Channel
  }

  /** The messaging module's service, looked up when a notification is sent (modules load in any order). */
  private messaging(): MessagingModuleService {
    let service: MessagingModuleService | undefined
    try {
      service = this.deps_[MESSAGING_MODULE]
    } catch {
      // not registered in the notification module's container
    }
    service ??= MedusaModule.getModuleInstance(MESSAGING_MODULE)?.[MESSAGING_MODULE] as
      MessagingModuleService | undefined
    if (!service)
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "messaging: the messaging module is not loaded (add the plugin to medusa-config)"
      )
    return service
  }

  async send(notification: ProviderSendNotificationDTO): Promise<ProviderSendNotificationResultsDTO> {
    const channel = this.channelOf(notification.channel)
    const { id, created } = await this.messaging().enqueueNotification({
      notification_id: (notification as { id?: string }).id ?? null,
      channel,
      to: notification.to,
      text: notification.content?.text ?? null,
      subject: notification.content?.subject ?? null,
      template: notification.template ?? null,
      data: (notification.data ?? {}) as Record<string, unknown>,
      receiver_id: (notification as { receiver_id?: string }).receiver_id ?? null,
    })
    if (created) await this.eventBus_?.emit({ name: DISPATCH_REQUESTED_EVENT, data: { id } }).catch(() => undefined)
    return { id }
  }
}
