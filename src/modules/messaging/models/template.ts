import { model } from "@medusajs/framework/utils"
import { AUDIENCES, TEMPLATE_CHANNELS } from "../types"

/**
 * A message template for an event and audience. `sales_channel_id = null` applies to
 * every site without its own template. Bodies are Liquid with #MACRO# sugar.
 */
export const MessagingTemplate = model
  .define("messaging_template", {
    id: model.id({ prefix: "mtpl" }).primaryKey(),
    code: model.text(),
    event_name: model.text().index(),
    audience: model.enum([...AUDIENCES]),
    channel: model.enum([...TEMPLATE_CHANNELS]).default("sms"),
    sales_channel_id: model.text().nullable(),
    locale: model.text().default("en"),
    subject: model.text().nullable(),
    body: model.text(),
    enabled: model.boolean().default(true),
    /** Critical messages ignore quiet hours. */
    critical: model.boolean().default(false),
    /** Installed from the BW_ defaults and not edited since. */
    is_default: model.boolean().default(false),
  })
  .indexes([
    {
      name: "IDX_messaging_template_code_global",
      on: ["code", "locale"],
      unique: true,
      where: "sales_channel_id IS NULL AND deleted_at IS NULL",
    },
    {
      name: "IDX_messaging_template_code_site",
      on: ["code", "locale", "sales_channel_id"],
      unique: true,
      where: "sales_channel_id IS NOT NULL AND deleted_at IS NULL",
    },
  ])
