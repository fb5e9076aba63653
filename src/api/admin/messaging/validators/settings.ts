import { z } from "@medusajs/framework/zod"
import { normalizeKeywordList } from "../../../../modules/messaging/consent/reply-keywords"
import { CHANNELS, DELIVERY_MODES, PHONE_SOURCES, PROVIDER_TYPES } from "../../../../modules/messaging/types"
import { email, eventName, httpUrl, locale, phoneInput, region, timeOfDay, timeZone } from "./common"

export const UpdateGeneralSettings = z.object({
  alert_email: email("alert_email").nullable().optional(),
  default_time_zone: timeZone("default_time_zone").optional(),
  low_balance_threshold: z.number().min(0).max(1_000_000_000).nullable().optional(),
  debug_enabled: z.boolean().optional(),
  debug_retention_days: z.number().int().min(1).max(365).optional(),
  failure_threshold: z.number().int().min(1).max(100).optional(),
  max_attempts: z.number().int().min(1).max(50).optional(),
  public_url: httpUrl("public_url").nullable().optional(),
})
export type UpdateGeneralSettingsBody = z.infer<typeof UpdateGeneralSettings>

const credentialValue = z.string().max(4000)
const configValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()])

export const CreateAccount = z.object({
  name: z.string().trim().min(1).max(100),
  type: z.enum(PROVIDER_TYPES),
  priority: z.number().int().min(0).max(10000).optional(),
  enabled: z.boolean().optional(),
  channels: z.array(z.enum(CHANNELS)).max(5).optional(),
  base_url: httpUrl("base_url").nullable().optional(),
  credentials: z.record(z.string().max(64), credentialValue).optional(),
  config: z.record(z.string().max(64), configValue).optional(),
})
export type CreateAccountBody = z.infer<typeof CreateAccount>

export const UpdateAccount = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  priority: z.number().int().min(0).max(10000).optional(),
  enabled: z.boolean().optional(),
  channels: z.array(z.enum(CHANNELS)).max(5).optional(),
  base_url: httpUrl("base_url").nullable().optional(),
  /** A field absent or sent back masked keeps its value; null removes it; anything else replaces it. */
  credentials: z.record(z.string().max(64), credentialValue.nullable()).optional(),
  config: z.record(z.string().max(64), configValue).optional(),
})
export type UpdateAccountBody = z.infer<typeof UpdateAccount>

const siteFields = {
  name: z.string().trim().min(1).max(100),
  url: httpUrl("url").nullable(),
  locale: locale("locale"),
  email_from: email("email_from").nullable(),
  delivery_mode: z.enum(DELIVERY_MODES),
  sms_sender: z.string().trim().max(15).nullable(),
  viber_sender: z.string().trim().max(32).nullable(),
  time_zone: timeZone("time_zone"),
  quiet_hours_enabled: z.boolean(),
  quiet_hours_start: timeOfDay("quiet_hours_start"),
  quiet_hours_end: timeOfDay("quiet_hours_end"),
  transliterate: z.boolean(),
  admin_phones: z.array(phoneInput("admin_phones")).max(20),
  default_region: region("default_region").nullable(),
  omni_fallback_seconds: z.number().int().min(30).max(86_400),
  transactional_ignores_opt_out: z.boolean(),
  enabled: z.boolean(),
  disabled_events: z
    .array(eventName("disabled_events"))
    .max(200)
    .transform((v) => [...new Set(v)]),
  phone_sources: z
    .array(z.enum(PHONE_SOURCES))
    .min(1, { error: "Field 'phone_sources' needs at least one source" })
    .max(PHONE_SOURCES.length)
    .refine((v) => new Set(v).size === v.length, { error: "Field 'phone_sources' lists a source twice" }),
  phone_fallback: z.boolean(),
  ua_trunk_prefix: z.boolean(),
  optout_keywords: keywordList("optout_keywords"),
  optin_keywords: keywordList("optin_keywords"),
}

/** Consent keywords: single words (a reply must equal one), stored upper case without duplicates. */
function keywordList(field: string) {
  return z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(30)
        .regex(/^[\p{L}\p{N}]+$/u, { error: `Field '${field}' takes single words of letters and digits` })
    )
    .max(50)
    .transform((v) => normalizeKeywordList(v))
}

const noKeywordInBoth = (v: { optout_keywords?: string[]; optin_keywords?: string[] }) =>
  !v.optout_keywords || !v.optin_keywords || !v.optout_keywords.some((k) => v.optin_keywords!.includes(k))
const bothListsError = { error: "A keyword cannot be both in 'optout_keywords' and 'optin_keywords'" }

export const UpdateSite = z.object(siteFields).partial().refine(noKeywordInBoth, bothListsError)
export type UpdateSiteBody = z.infer<typeof UpdateSite>

export const CreateSite = z
  .object({ sales_channel_id: z.string().min(1).max(100), ...siteFields })
  .partial()
  .required({ sales_channel_id: true })
  .refine(noKeywordInBoth, bothListsError)
export type CreateSiteBody = z.infer<typeof CreateSite>
