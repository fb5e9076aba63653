import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { likePattern } from "../helpers/messages"
import { messagingFrom } from "../helpers/service"
import type { ListAuditQueryType } from "../validators/audit"

/** GET /admin/messaging/audit — the audit trail of admin actions, newest first (read-only). */
export async function GET(req: MedusaRequest<unknown, ListAuditQueryType>, res: MedusaResponse) {
  const {
    limit = 50,
    offset = 0,
    q,
    resource,
    actor_id,
    resource_id,
    from,
    to,
  } = req.validatedQuery as ListAuditQueryType
  const filters: Record<string, unknown> = {}
  if (resource) filters.resource = resource
  if (actor_id) filters.actor_id = actor_id
  if (resource_id) filters.resource_id = resource_id
  if (q) filters.$or = [{ summary: { $ilike: likePattern(q) } }, { route: { $ilike: likePattern(q) } }]
  if (from || to) filters.created_at = { ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) }
  const [entries, count] = await messagingFrom(req.scope).listAndCountMessagingAuditEntries(filters, {
    skip: offset,
    take: limit,
    order: { created_at: "DESC" },
  })
  res.json({ entries, count, limit, offset })
}
