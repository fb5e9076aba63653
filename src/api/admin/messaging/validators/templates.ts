import { z } from "@medusajs/framework/zod"
import { TEMPLATE_LIMITS } from "../../../../modules/messaging/text/limits"
import { AUDIENCES, SENDER_CHANNELS, SENDER_STATUSES, TEMPLATE_CHANNELS } from "../../../../modules/messaging/types"
import { email, eventName, id, locale, pagination, queryBoolean } from "./common"

/** Longest template text: the renderer's own limit, so a body the route accepts always parses. */
export const TEMPLATE_BODY_MAX = TEMPLATE_LIMITS.maxTemplateLength

const body = z.string().min(1).max(TEMPLATE_BODY_MAX)
const subject = z.string().max(300).nullable()

export const ListTemplatesQuery = z.object({
  event_name: z.string().max(100).optional(),
  audience: z.enum(AUDIENCES).optional(),
  channel: z.enum(TEMPLATE_CHANNELS).optional(),
  locale: z.string().max(10).optional(),
  /** A sales channel id, or "global" for templates shared by every site. */
  sales_channel_id: z.string().max(100).optional(),
  enabled: queryBoolean.optional(),
  q: z.string().max(200).optional(),
  ...pagination,
})
export type ListTemplatesQueryType = z.infer<typeof ListTemplatesQuery>

export const CreateTemplate = z.object({
  code: z
    .string()
    .regex(/^[A-Z0-9_]{1,80}$/, { error: "Field 'code' must be 1-80 of A-Z, 0-9 and _" })
    .optional(),
  event_name: eventName("event_name"),
  audience: z.enum(AUDIENCES),
  channel: z.enum(TEMPLATE_CHANNELS).default("sms"),
  sales_channel_id: z.string().min(1).max(100).nullable().optional(),
  locale: locale("locale").default("en"),
  subject: subject.optional(),
  body,
  enabled: z.boolean().optional(),
  critical: z.boolean().optional(),
})
export type CreateTemplateBody = z.infer<typeof CreateTemplate>

export const UpdateTemplate = z.object({
  subject: subject.optional(),
  body: body.optional(),
  enabled: z.boolean().optional(),
  critical: z.boolean().optional(),
})
export type UpdateTemplateBody = z.infer<typeof UpdateTemplate>

export const ValidateTemplate = z.object({
  body: z.string().max(TEMPLATE_BODY_MAX),
  event_name: eventName("event_name"),
  audience: z.enum(AUDIENCES).default("customer"),
  locale: locale("locale").optional(),
  /** Custom rules: the entity whose fields are macros (ORDER.DISPLAY_ID…). */
  entity: z
    .string()
    .regex(/^[a-z_]{1,50}$/, { error: "Field 'entity' must be an entity name like order" })
    .optional(),
})
export type ValidateTemplateBody = z.infer<typeof ValidateTemplate>

export const PreviewTemplate = z.object({
  body: z.string().max(TEMPLATE_BODY_MAX),
  subject: z.string().max(300).nullable().optional(),
  event_name: eventName("event_name"),
  audience: z.enum(AUDIENCES).default("customer"),
  /** Render with this order's real data; without it the event's sample data is used. */
  order_id: id().optional(),
  sample: z.boolean().optional(),
  sales_channel_id: z.string().min(1).max(100).nullable().optional(),
  locale: locale("locale").optional(),
})
export type PreviewTemplateBody = z.infer<typeof PreviewTemplate>

export const CountText = z.object({ text: z.string().max(20_000) })
export type CountTextBody = z.infer<typeof CountText>

export const RuleFields = {
  name: z.string().trim().min(1).max(100),
  event_name: eventName("event_name"),
  entity: z
    .string()
    .regex(/^(none|[a-z_]{1,50})$/, { error: "Field 'entity' must be none or an entity name like order" }),
  id_field: z
    .string()
    .regex(/^[a-z_][a-z0-9_.]{0,62}$/i, { error: "Field 'id_field' must be a payload field like id or order_id" }),
  phone_source: z.string().trim().min(1).max(200),
  customer_text: z.string().max(TEMPLATE_BODY_MAX).nullable(),
  admin_text: z.string().max(TEMPLATE_BODY_MAX).nullable(),
  sales_channel_id: z.string().min(1).max(100).nullable(),
  critical: z.boolean(),
  enabled: z.boolean(),
  staff_profile_ids: z.array(z.string().min(1).max(100)).max(50),
}
export const CreateRule = z.object(RuleFields).partial().required({ name: true, event_name: true, phone_source: true })
export type CreateRuleBody = z.infer<typeof CreateRule>
export const UpdateRule = z.object(RuleFields).partial()
export type UpdateRuleBody = z.infer<typeof UpdateRule>

export const CreateSender = z.object({
  provider_account_id: id(),
  channel: z.enum(SENDER_CHANNELS),
  name: z.string().trim().min(1).max(32),
  status: z.enum(SENDER_STATUSES).optional(),
  note: z.string().max(500).nullable().optional(),
})
export type CreateSenderBody = z.infer<typeof CreateSender>
export const UpdateSender = z.object({
  name: z.string().trim().min(1).max(32).optional(),
  status: z.enum(SENDER_STATUSES).optional(),
  note: z.string().max(500).nullable().optional(),
})
export type UpdateSenderBody = z.infer<typeof UpdateSender>

/** Telegram chat ids: a user id, a group/channel id (-100…), or a public @channel. */
export const TELEGRAM_CHAT_ID = /^(\d{1,15}|-100\d{5,13}|@[A-Za-z][A-Za-z0-9_]{4,31})$/

const telegramChatId = z
  .string()
  .trim()
  .max(40)
  .refine((v) => TELEGRAM_CHAT_ID.test(v), {
    error:
      "Field 'telegram_chat_id' must be a user id (digits), a group or channel id starting with -100 (e.g. -1001234567890) or a public @channel name",
  })

const staffFields = {
  name: z.string().trim().min(1).max(100),
  email: email("email").nullable(),
  telegram_chat_id: telegramChatId.nullable(),
  events: z.array(eventName("events")).max(100),
  sales_channel_id: z.string().min(1).max(100).nullable(),
  locale: locale("locale"),
  enabled: z.boolean(),
}
export const CreateStaff = z.object(staffFields).partial().required({ name: true })
export type CreateStaffBody = z.infer<typeof CreateStaff>
export const UpdateStaff = z.object(staffFields).partial()
export type UpdateStaffBody = z.infer<typeof UpdateStaff>
