/**
 * The plugin's value lists, defined once for the server (models, validators, pipeline)
 * and the admin, which bundles this file: so it imports nothing and holds only lists
 * and the types read from them.
 */

/** How a message travels. `omni` = Viber first, SMS for what Viber did not deliver. */
export const CHANNELS = ["sms", "viber", "omni", "telegram", "email"] as const
export type Channel = (typeof CHANNELS)[number]

/** The channels a site can choose for customer/admin phone messages (and a campaign or a manual send). */
export const DELIVERY_MODES = ["sms", "viber", "omni"] as const
export type DeliveryMode = (typeof DELIVERY_MODES)[number]

/** Template channels: `sms` text is used for SMS, Viber and Omni unless a `viber` template exists. */
export const TEMPLATE_CHANNELS = ["sms", "viber", "telegram", "email"] as const
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number]

/** The channels a sender name is registered for. */
export const SENDER_CHANNELS = ["sms", "viber"] as const
export type SenderChannel = (typeof SENDER_CHANNELS)[number]

/** A sender name's registration with its provider. */
export const SENDER_STATUSES = ["registered", "pending", "rejected"] as const
export type SenderStatus = (typeof SENDER_STATUSES)[number]

/** What an opt-out covers: every channel, or one. */
export const OPT_OUT_CHANNELS = ["all", "sms", "viber", "omni"] as const
export type OptOutChannel = (typeof OPT_OUT_CHANNELS)[number]

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

/** Waiting to go out: an admin can cancel these or send them now. */
export const PENDING_STATUSES = ["queued", "deferred"] as const satisfies readonly MessageStatus[]

/** Statuses a copy can be made of ("Send again"): skipped ones were skipped for a reason; pending ones are still going. */
export const RESENDABLE_STATUSES = [
  "sent",
  "delivered",
  "read",
  "undelivered",
  "failed",
  "canceled",
] as const satisfies readonly MessageStatus[]

/** The provider may have it and cannot be asked: "send again" queues the same message. */
export const UNKNOWN_OUTCOME = "unknown" satisfies MessageStatus

export const MESSAGE_DIRECTIONS = ["outbound", "inbound"] as const
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number]

export const AUDIENCES = ["customer", "admin", "staff"] as const
export type Audience = (typeof AUDIENCES)[number]

/** The languages the plugin has texts in: its default templates, and the admin's language pickers. */
export const LOCALES = ["en", "ru", "uk"] as const
export type Locale = (typeof LOCALES)[number]

/** Where the customer's phone is looked up, in the default order. */
export const PHONE_SOURCES = ["shipping", "billing", "customer"] as const
export type PhoneSource = (typeof PHONE_SOURCES)[number]
