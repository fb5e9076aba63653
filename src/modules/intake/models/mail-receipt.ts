import { model } from "@medusajs/framework/utils"

/**
 * One mail of a mailbox collector, keyed by its Message-ID: the unique key is what keeps two
 * pollers (or a crash between the lead's commit and the IMAP flag) from importing it twice.
 */
export const IntakeMailReceipt = model
  .define("intake_mail_receipt", {
    id: model.id({ prefix: "imail" }).primaryKey(),
    collector_id: model.text(),
    message_id: model.text(),
    status: model.enum(["importing", "imported"]).default("importing"),
    claimed_by: model.text().nullable(),
    claimed_at: model.dateTime(),
    lead_id: model.text().nullable(),
    imap_uid: model.number().nullable(),
  })
  .indexes([
    {
      name: "IDX_intake_mail_receipt_message_unique",
      on: ["collector_id", "message_id"],
      unique: true,
      where: "deleted_at IS NULL",
    },
  ])
