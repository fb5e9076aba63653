import { z } from "@medusajs/framework/zod"
import { MESSAGING_RESOURCES } from "../../../../types/permissions"
import { dateRange, pagination } from "./common"

const RESOURCES = Object.values(MESSAGING_RESOURCES) as [string, ...string[]]

export const ListAuditQuery = z.object({
  resource: z.enum(RESOURCES).optional(),
  actor_id: z.string().max(100).optional(),
  resource_id: z.string().max(100).optional(),
  q: z.string().max(200).optional(),
  ...dateRange,
  ...pagination,
})
export type ListAuditQueryType = z.infer<typeof ListAuditQuery>
