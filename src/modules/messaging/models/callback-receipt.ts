import { model } from "@medusajs/framework/utils"

/**
 * A provider callback id already applied (TurboSMS signs only the id): the same id again
 * is a replay and is refused. Kept until `expires_at`, then pruned by the maintenance job.
 */
export const MessagingCallbackReceipt = model
  .define("messaging_callback_receipt", {
    id: model.id({ prefix: "mcbr" }).primaryKey(),
    provider_account_id: model.text(),
    callback_id: model.text(),
    expires_at: model.dateTime().index("IDX_messaging_callback_receipt_expires_at"),
  })
  .indexes([
    {
      name: "IDX_messaging_callback_receipt_account_callback_unique",
      on: ["provider_account_id", "callback_id"],
      unique: true,
      where: "deleted_at IS NULL",
    },
  ])
