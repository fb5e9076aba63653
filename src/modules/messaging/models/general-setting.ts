import { model } from "@medusajs/framework/utils"

/** Plugin-wide settings: one row, id "default". */
export const MessagingGeneralSetting = model.define("messaging_general_setting", {
  id: model.id({ prefix: "mgen" }).primaryKey(),
  /** Where outage / recovery / low-balance alerts go. */
  alert_email: model.text().nullable(),
  default_time_zone: model.text().default("UTC"),
  /** Alert once when an account's balance falls below this amount. */
  low_balance_threshold: model.float().nullable(),
  debug_enabled: model.boolean().default(false),
  debug_retention_days: model.number().default(14),
  /** Until then the debug log keeps phone numbers and texts unmasked (an admin turned it on); null = masked. */
  debug_full_capture_until: model.dateTime().nullable(),
  /** Consecutive temporary failures before an account is marked unhealthy. */
  failure_threshold: model.number().default(3),
  max_attempts: model.number().default(8),
  /** Public URL of this Medusa server, used to build delivery-report callback URLs. */
  public_url: model.text().nullable(),
})
