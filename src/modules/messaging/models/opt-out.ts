import { model } from "@medusajs/framework/utils"

/** A phone that asked not to get messages on a channel ("all" = every phone channel). */
export const MessagingOptOut = model
  .define("messaging_opt_out", {
    id: model.id({ prefix: "mopt" }).primaryKey(),
    phone: model.text(),
    channel: model.text().default("all"),
    /** inbound_keyword | provider | admin | api */
    source: model.text(),
    note: model.text().nullable(),
  })
  .indexes([
    {
      name: "IDX_messaging_opt_out_phone_channel_unique",
      on: ["phone", "channel"],
      unique: true,
      where: "deleted_at IS NULL",
    },
  ])
