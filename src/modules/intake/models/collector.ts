import { model } from "@medusajs/framework/utils"

/**
 * Where leads come from (an HTTP endpoint or an IMAP mailbox) and who handles them: an admin
 * user or a group, in a sales channel. `secrets` (the HTTP secret, the IMAP password) is
 * never returned by any API: routes answer with masked values only.
 */
export const IntakeCollector = model.define("intake_collector", {
  id: model.id({ prefix: "icol" }).primaryKey(),
  name: model.text(),
  type: model.enum(["http", "mailbox"]),
  enabled: model.boolean().default(true),
  /** HTTP: bearer | hmac. Mailbox: host, port, tls, user, mailbox, keyword, delete_after_days. */
  config: model.json().default({}),
  secrets: model.json().default({}),
  sales_channel_id: model.text().nullable(),
  region_id: model.text().nullable(),
  assignee_user_id: model.text().nullable(),
  assignee_group: model.text().nullable(),
  last_run_at: model.dateTime().nullable(),
  last_success_at: model.dateTime().nullable(),
  last_error: model.text().nullable(),
  consecutive_failures: model.number().default(0),
  next_run_at: model.dateTime().nullable(),
  down_since: model.dateTime().nullable(),
  /** Set when the outage alert e-mail went out; cleared when the mailbox answers again. */
  alerted_at: model.dateTime().nullable(),
  leads_count: model.number().default(0),
  errors_count: model.number().default(0),
})
