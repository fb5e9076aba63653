import { model } from "@medusajs/framework/utils"

/** A staff notification profile: e-mail and/or a Telegram group/channel, and the events it wants. */
export const MessagingStaffProfile = model.define("messaging_staff_profile", {
  id: model.id({ prefix: "mstf" }).primaryKey(),
  name: model.text(),
  email: model.text().nullable(),
  /** Groups and channels start with -100. */
  telegram_chat_id: model.text().nullable(),
  events: model.array().default([]),
  /** Only this sales channel's events; null = all. */
  sales_channel_id: model.text().nullable(),
  locale: model.text().default("en"),
  enabled: model.boolean().default(true),
})
