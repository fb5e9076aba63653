import { model } from "@medusajs/framework/utils"

/**
 * "Create an event from any system event": the admin picks an event name, the entity to
 * resolve from the payload, where the phone comes from, and a customer and an admin text
 * (an empty text means "don't send").
 */
export const MessagingCustomRule = model.define("messaging_custom_rule", {
  id: model.id({ prefix: "mrule" }).primaryKey(),
  name: model.text(),
  event_name: model.text().index(),
  /** Query entity to resolve (order, customer, …) or "none" to use the payload as is. */
  entity: model.text().default("none"),
  /** Payload field holding the entity id. */
  id_field: model.text().default("id"),
  /** A phone, a macro (#ORDER.SHIPPING_ADDRESS.PHONE#), a customer id or an e-mail. */
  phone_source: model.text(),
  customer_text: model.text().nullable(),
  admin_text: model.text().nullable(),
  sales_channel_id: model.text().nullable(),
  critical: model.boolean().default(false),
  enabled: model.boolean().default(true),
  /** Staff profiles that get the admin text by e-mail/Telegram (whatever events they picked). */
  staff_profile_ids: model.array().default([]),
})
