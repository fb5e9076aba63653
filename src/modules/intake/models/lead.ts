import { model } from "@medusajs/framework/utils"

/** One inbound contact or order from a website: always kept, even when its payload was unreadable. */
export const IntakeLead = model
  .define("intake_lead", {
    id: model.id({ prefix: "lead" }).primaryKey(),
    collector_id: model.text().index(),
    source: model.enum(["http", "mailbox"]),
    status: model.enum(["new", "in_progress", "converted", "rejected"]).default("new"),
    assignee_user_id: model.text().nullable(),
    assignee_group: model.text().nullable(),
    sales_channel_id: model.text().nullable(),
    subject: model.text().nullable(),
    contact_person: model.text().nullable(),
    phone: model.text().nullable(),
    email: model.text().nullable(),
    tax_id: model.text().nullable(),
    /** The decoded payload as received (null when it could not be decoded). */
    raw_payload: model.text().nullable(),
    encoding: model.text().nullable(),
    fields: model.json().nullable(),
    parse_errors: model.json().nullable(),
    customer_id: model.text().nullable(),
    draft_order_id: model.text().nullable(),
    draft_order_error: model.text().nullable(),
    /** Mailbox leads: the mail's Message-ID. */
    message_id: model.text().nullable(),
    reject_reason: model.text().nullable(),
  })
  .indexes([{ name: "IDX_intake_lead_status_created", on: ["status", "created_at"] }])
