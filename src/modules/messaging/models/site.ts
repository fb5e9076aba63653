import { model } from "@medusajs/framework/utils"
import { DEFAULT_PHONE_SOURCES } from "../pipeline/phone-sources"
import { DEFAULT_OPT_IN_KEYWORDS, DEFAULT_OPT_OUT_KEYWORDS } from "../consent/reply-keywords"
import { DELIVERY_MODES } from "../types"

/**
 * Settings of one "site" (= sales channel). The row with `sales_channel_id = null`
 * is the global default used for sales channels without a row of their own.
 */
export const MessagingSite = model
  .define("messaging_site", {
    id: model.id({ prefix: "msite" }).primaryKey(),
    sales_channel_id: model.text().nullable(),
    /** Shown in macros as #SITE_NAME#. */
    name: model.text().default("My shop"),
    /** Storefront base URL, #SERVER_NAME# and #ORDER_URL#. */
    url: model.text().nullable(),
    /** Locale of templates and number/date formats (en, ru, uk, …). */
    locale: model.text().default("en"),
    /** #DEFAULT_EMAIL_FROM# and the From of e-mails sent for this site. */
    email_from: model.text().nullable(),
    delivery_mode: model.enum([...DELIVERY_MODES]).default("sms"),
    sms_sender: model.text().nullable(),
    viber_sender: model.text().nullable(),
    time_zone: model.text().default("UTC"),
    quiet_hours_enabled: model.boolean().default(false),
    quiet_hours_start: model.text().default("21:00"),
    quiet_hours_end: model.text().default("09:00"),
    transliterate: model.boolean().default(false),
    /** Phones that get the admin copies of events. */
    admin_phones: model.array().default([]),
    /** ISO 3166 region used to parse phones written without a country code. */
    default_region: model.text().nullable(),
    /** Omni without native fallback: seconds to wait for a Viber delivery report before sending the SMS. */
    omni_fallback_seconds: model.number().default(600),
    /** Send transactional messages to opted-out numbers (only where the law allows it). */
    transactional_ignores_opt_out: model.boolean().default(false),
    /** Off: nothing goes out for this sales channel's events (manual sends and campaigns still do). */
    enabled: model.boolean().default(true),
    /** Events switched off for this site, whatever the templates say. */
    disabled_events: model.array().default([]),
    /** Where the customer's phone is looked for, in order: shipping, billing, customer (profile). */
    phone_sources: model.array().default([...DEFAULT_PHONE_SOURCES]),
    /** When the first phone found cannot take SMS, try the next source. */
    phone_fallback: model.boolean().default(true),
    /** Region UA: read the old trunk prefix "8 0XX…" as +380XX… */
    ua_trunk_prefix: model.boolean().default(true),
    /** Whole-message replies that opt a number out / back in. */
    optout_keywords: model.array().default([...DEFAULT_OPT_OUT_KEYWORDS]),
    optin_keywords: model.array().default([...DEFAULT_OPT_IN_KEYWORDS]),
  })
  .indexes([
    {
      name: "IDX_messaging_site_sales_channel_unique",
      on: ["sales_channel_id"],
      unique: true,
      where: "sales_channel_id IS NOT NULL AND deleted_at IS NULL",
    },
  ])
