/**
 * Shared vocabulary of the messaging module. Plain types only: no Medusa imports,
 * so the text pipeline, provider adapters and the dispatcher can all use them
 * (provider adapters import them as types only: the provider types come from the
 * provider registry).
 */

/** How a message travels. `omni` = Viber first, SMS for what Viber did not deliver. */
export const CHANNELS = ["sms", "viber", "omni", "telegram", "email"] as const
export type Channel = (typeof CHANNELS)[number]

/** The channels a site can choose for customer/admin phone messages. */
export const DELIVERY_MODES = ["sms", "viber", "omni"] as const
export type DeliveryMode = (typeof DELIVERY_MODES)[number]

/** Provider types: the identifiers of the provider classes in providers/registry.ts. */
export { PROVIDER_TYPES, type ProviderType } from "./providers/registry"

/**
 * Life of a message.
 *  queued      waiting for the dispatcher
 *  deferred    held (quiet hours) until next_attempt_at
 *  sending     claimed by a dispatcher worker
 *  sent        accepted by the provider
 *  delivered   the provider reported delivery
 *  read        Viber read receipt
 *  undelivered the provider reported it could not deliver (expired, rejected by carrier…)
 *  failed      we gave up: permanent provider error or retries exhausted
 *  skipped     never sent: no/invalid phone, opted out, empty text (reason in `error`)
 *  canceled    canceled by an admin before sending
 *  received    inbound message (direction = inbound)
 *  unknown     a request may have reached a provider that cannot be asked whether it has the
 *              message (Twilio, TurboSMS, Telegram, SMTP) and the account's unknown_outcome is
 *              "hold": not sent again until an admin says so ("send again" in History)
 */
export const MESSAGE_STATUSES = [
  "queued",
  "deferred",
  "sending",
  "sent",
  "delivered",
  "read",
  "undelivered",
  "failed",
  "skipped",
  "canceled",
  "received",
  "unknown",
] as const
export type MessageStatus = (typeof MESSAGE_STATUSES)[number]

export const AUDIENCES = ["customer", "admin", "staff"] as const
export type Audience = (typeof AUDIENCES)[number]

/** Template channels: `sms` text is used for SMS, Viber and Omni unless a `viber` template exists. */
export const TEMPLATE_CHANNELS = ["sms", "viber", "telegram", "email"] as const
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number]

export const MESSAGE_DIRECTIONS = ["outbound", "inbound"] as const
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number]
