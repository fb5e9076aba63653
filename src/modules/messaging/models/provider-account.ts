import { model } from "@medusajs/framework/utils"
import { PROVIDER_TYPES } from "../types"

/**
 * An account at a provider. `credentials` holds secrets (API key, token, password) and
 * is never returned whole by any API: routes answer with masked values only.
 */
export const MessagingProviderAccount = model
  .define("messaging_provider_account", {
    id: model.id({ prefix: "macc" }).primaryKey(),
    /** Stable key for accounts declared in plugin options (upserted on start). */
    key: model.text().nullable(),
    name: model.text(),
    type: model.enum([...PROVIDER_TYPES]),
    credentials: model.json().default({}),
    /** Non-secret settings: sender, viber_sender, from, timeout_ms, tariff… */
    config: model.json().default({}),
    base_url: model.text().nullable(),
    /** Lower is tried first; accounts of equal priority keep creation order. */
    priority: model.number().default(100),
    enabled: model.boolean().default(true),
    /** Which channels this account may carry; empty = everything its type supports. */
    channels: model.array().default([]),
    source: model.enum(["options", "admin"]).default("admin"),
    health_status: model.enum(["healthy", "unhealthy"]).default("healthy"),
    consecutive_failures: model.number().default(0),
    down_since: model.dateTime().nullable(),
    last_error: model.text().nullable(),
    last_probe_at: model.dateTime().nullable(),
    balance_amount: model.float().nullable(),
    balance_currency: model.text().nullable(),
    credit_limit: model.float().nullable(),
    balance_checked_at: model.dateTime().nullable(),
    low_balance_alerted: model.boolean().default(false),
  })
  .indexes([
    {
      name: "IDX_messaging_provider_account_key_unique",
      on: ["key"],
      unique: true,
      where: "key IS NOT NULL AND deleted_at IS NULL",
    },
  ])
