import { model } from "@medusajs/framework/utils"
import { CHANNELS } from "../types"

/** A bulk send. Its messages are outbox rows with campaign_id set. */
export const MessagingCampaign = model.define("messaging_campaign", {
  id: model.id({ prefix: "mcmp" }).primaryKey(),
  name: model.text(),
  channel: model.enum([...CHANNELS]),
  /** draft | enqueuing | running | paused | completed | canceled */
  status: model.text().default("draft"),
  body: model.text(),
  sales_channel_id: model.text().nullable(),
  /** How recipients were chosen (customer group, order date range, pasted list). */
  audience: model.json(),
  rate_per_second: model.number().default(20),
  total: model.number().default(0),
  skipped: model.number().default(0),
  estimated_parts: model.number().default(0),
  created_by: model.text().nullable(),
  started_at: model.dateTime().nullable(),
  finished_at: model.dateTime().nullable(),
})
