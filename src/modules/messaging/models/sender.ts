import { model } from "@medusajs/framework/utils"
import { SENDER_CHANNELS } from "../types"

/** An SMS/Viber originator as the provider registered it for an account. */
export const MessagingSender = model
  .define("messaging_sender", {
    id: model.id({ prefix: "msnd" }).primaryKey(),
    provider_account_id: model.text().index(),
    channel: model.enum([...SENDER_CHANNELS]),
    name: model.text(),
    /** One of SENDER_STATUSES (registered | pending | rejected), as the provider reports it. */
    status: model.text().default("registered"),
    note: model.text().nullable(),
  })
  .indexes([
    {
      name: "IDX_messaging_sender_unique",
      on: ["provider_account_id", "channel", "name"],
      unique: true,
      where: "deleted_at IS NULL",
    },
  ])
