import { z } from "@medusajs/framework/zod"

const id = z.string().min(1).max(100)
const nullableId = id.nullable()

const collectorFields = {
  name: z.string().trim().min(1).max(200),
  enabled: z.boolean(),
  sales_channel_id: nullableId,
  region_id: nullableId,
  assignee_user_id: nullableId,
  assignee_group: z.string().trim().min(1).max(200).nullable(),
  /** Checked against the collector type's schema by the workflow (HTTP: auth; mailbox: host, port, tls…). */
  config: z.record(z.string(), z.unknown()),
  /** `secret` (HTTP) or `password` (mailbox); an empty or missing value keeps the stored one. */
  secrets: z.object({ secret: z.string().max(500).optional(), password: z.string().max(500).optional() }).strict(),
}

export const CreateCollector = z
  .object(collectorFields)
  .partial()
  .extend({ name: collectorFields.name, type: z.enum(["http", "mailbox"]) })
export type CreateCollectorBody = z.infer<typeof CreateCollector>
export const UpdateCollector = z.object(collectorFields).partial()
export type UpdateCollectorBody = z.infer<typeof UpdateCollector>

export const LEAD_STATUSES = ["new", "in_progress", "converted", "rejected"] as const

export const UpdateLead = z
  .object({
    status: z.enum(["new", "in_progress"]),
    assignee_user_id: nullableId,
    assignee_group: z.string().trim().min(1).max(200).nullable(),
  })
  .partial()
export type UpdateLeadBody = z.infer<typeof UpdateLead>

export const RejectLead = z.object({ reason: z.string().trim().max(2000).nullable().optional() })
export type RejectLeadBody = z.infer<typeof RejectLead>

export const ListLeadsQuery = z.object({
  status: z.enum(LEAD_STATUSES).optional(),
  collector_id: id.optional(),
  assignee_user_id: id.optional(),
  with_errors: z.enum(["true", "false"]).optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})
export type ListLeadsQuery = z.infer<typeof ListLeadsQuery>
