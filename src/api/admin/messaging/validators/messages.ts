import { z } from "@medusajs/framework/zod"
import {
  CHANNELS,
  DELIVERY_MODES,
  MESSAGE_DIRECTIONS,
  MESSAGE_STATUSES,
  OPT_OUT_CHANNELS,
} from "../../../../modules/messaging/types"
import { dateRange, id, pagination, phoneInput, queryBoolean, queryList } from "./common"

const messageFilters = {
  status: queryList(z.enum(MESSAGE_STATUSES)).optional(),
  channel: queryList(z.enum(CHANNELS)).optional(),
  direction: z.enum(MESSAGE_DIRECTIONS).optional(),
  sales_channel_id: z.string().max(100).optional(),
  event_name: z.string().max(100).optional(),
  order_id: z.string().max(100).optional(),
  customer_id: z.string().max(100).optional(),
  campaign_id: z.string().max(100).optional(),
  /** Phone, e-mail or words of the text. */
  q: z.string().max(200).optional(),
  ...dateRange,
}

export const ListMessagesQuery = z.object({ ...messageFilters, ...pagination })
export type ListMessagesQueryType = z.infer<typeof ListMessagesQuery>

export const ExportMessagesQuery = z.object({
  ...messageFilters,
  fields: z.string().optional(),
  order: z.string().optional(),
})
export type ExportMessagesQueryType = z.infer<typeof ExportMessagesQuery>

export const StatsQuery = z.object({ ...dateRange, sales_channel_id: z.string().max(100).optional() })
export type StatsQueryType = z.infer<typeof StatsQuery>

/** Resend: `override_consent` sends to an opted-out number and ignores quiet hours (recorded on the timeline). */
export const ResendBody = z.object({ ids: z.array(id()).min(1).max(500), override_consent: z.boolean().default(false) })
export type ResendBodyType = z.infer<typeof ResendBody>

export const ListDebugLogQuery = z.object({
  provider_account_id: z.string().max(100).optional(),
  operation: z.string().max(50).optional(),
  errors_only: queryBoolean.optional(),
  q: z.string().max(200).optional(),
  ...dateRange,
  ...pagination,
})
export type ListDebugLogQueryType = z.infer<typeof ListDebugLogQuery>

/** Full debug capture for this many minutes (0 = off); the plugin option caps it. */
export const FullCaptureBody = z.object({ minutes: z.number().int().min(0).max(1440) })
export type FullCaptureBodyType = z.infer<typeof FullCaptureBody>

export const ClearDebugLogQuery = z.object({ before: z.coerce.date().optional() })
export type ClearDebugLogQueryType = z.infer<typeof ClearDebugLogQuery>

export const ListOptOutsQuery = z.object({
  q: z.string().max(50).optional(),
  channel: z.enum(OPT_OUT_CHANNELS).optional(),
  ...pagination,
})
export type ListOptOutsQueryType = z.infer<typeof ListOptOutsQuery>

export const CreateOptOut = z.object({
  phone: phoneInput("phone"),
  channel: z.enum(OPT_OUT_CHANNELS).default("all"),
  note: z.string().max(500).nullable().optional(),
  sales_channel_id: z.string().max(100).optional(),
})
export type CreateOptOutBody = z.infer<typeof CreateOptOut>

/** Manual message from an order or customer page. Exactly one of `body` / `template_id`. */
export const SendMessage = z.object({
  channel: z.enum(CHANNELS).default("sms"),
  /** Phone, Telegram chat id or e-mail address (by channel). */
  to: z.string().trim().min(1).max(254),
  body: z.string().min(1).max(1600).optional(),
  template_id: id().optional(),
  subject: z.string().max(300).optional(),
  order_id: id().optional(),
  customer_id: id().optional(),
  sales_channel_id: z.string().min(1).max(100).optional(),
  critical: z.boolean().optional(),
})
export type SendMessageBody = z.infer<typeof SendMessage>

export const CustomerMessagesQuery = z.object({ q: z.string().max(200).optional(), ...pagination })
export type CustomerMessagesQueryType = z.infer<typeof CustomerMessagesQuery>

export const AUDIENCE_TYPES = ["customer_group", "orders", "list"] as const

/** Who a campaign goes to. Per type: customer_group_id · from/to (+ sales_channel_id) · phones. */
const CampaignAudience = z.object({
  type: z.enum(AUDIENCE_TYPES),
  customer_group_id: id().optional(),
  sales_channel_id: z.string().min(1).max(100).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  /** Pasted phones, one per line or separated by commas/semicolons. */
  phones: z.string().max(500_000).optional(),
})
export type CampaignAudienceInput = z.infer<typeof CampaignAudience>

const campaignFields = {
  channel: z.enum(DELIVERY_MODES).default("sms"),
  body: z.string().min(1).max(1600),
  sales_channel_id: z.string().min(1).max(100).optional(),
  audience: CampaignAudience,
}

export const CampaignDryRun = z.object({ ...campaignFields, start_at: z.coerce.date().optional() })
export type CampaignDryRunBody = z.infer<typeof CampaignDryRun>

export const CreateCampaign = z.object({
  ...campaignFields,
  name: z.string().trim().min(1).max(100),
  start_at: z.coerce.date().optional(),
  rate_per_second: z.number().int().min(1).max(100).optional(),
})
export type CreateCampaignBody = z.infer<typeof CreateCampaign>

export const ListCampaignsQuery = z.object({ status: z.string().max(20).optional(), ...pagination })
export type ListCampaignsQueryType = z.infer<typeof ListCampaignsQuery>
