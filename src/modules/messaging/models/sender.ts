import { model } from "@medusajs/framework/utils"

/** An SMS/Viber originator as the provider registered it for an account. */
export const MessagingSender = model
  .define("messaging_sender", {
    id: model.id({ prefix: "msnd" }).primaryKey(),
    provider_account_id: model.text().index(),
    channel: model.enum(["sms", "viber"]),
    name: model.text(),
    /** registered | pending | rejected, as the provider reports it. */
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
