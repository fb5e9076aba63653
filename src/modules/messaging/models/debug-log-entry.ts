import { model } from "@medusajs/framework/utils"

/** A provider request/response summary, secrets masked. Pruned after the retention period. */
export const MessagingDebugLog = model
  .define("messaging_debug_log", {
    id: model.id({ prefix: "mdbg" }).primaryKey(),
    provider_account_id: model.text().index().nullable(),
    provider_type: model.text(),
    operation: model.text(),
    method: model.text().nullable(),
    url: model.text().nullable(),
    request: model.text().nullable(),
    status_code: model.number().nullable(),
    response: model.text().nullable(),
    duration_ms: model.number().nullable(),
    error: model.text().nullable(),
  })
  .indexes([{ name: "IDX_messaging_debug_log_created_at", on: ["created_at"] }])
