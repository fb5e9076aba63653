import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { clearDebugLogWorkflow } from "../../../../workflows/maintenance"
import { dateFilter } from "../helpers/dates"
import { likePattern } from "../helpers/messages"
import { messagingFrom } from "../helpers/service"
import type { ClearDebugLogQueryType, ListDebugLogQueryType } from "../validators/messages"

/** GET /admin/messaging/debug-log — provider requests and responses (secrets already masked when recorded). */
export async function GET(req: MedusaRequest<unknown, ListDebugLogQueryType>, res: MedusaResponse) {
  const {
    limit = 50,
    offset = 0,
    fields: _f,
    order: _o,
    q,
    from,
    to,
    errors_only,
    ...rest
  } = req.validatedQuery as ListDebugLogQueryType
  const filters: Record<string, unknown> = { ...rest }
  const created = dateFilter({ from, to })
  if (created) filters.created_at = created
  if (errors_only) filters.$or = [{ error: { $ne: null } }, { status_code: { $gte: 400 } }]
  if (q?.trim()) {
    const like = likePattern(q.trim())
    const text = [
      { url: { $ilike: like } },
      { request: { $ilike: like } },
      { response: { $ilike: like } },
      { error: { $ilike: like } },
    ]
    if (filters.$or) filters.$and = [{ $or: filters.$or }, { $or: text }]
    else filters.$or = text
    if (filters.$and) delete filters.$or
  }
  const messaging = messagingFrom(req.scope)
  await messaging.flushDebugLog()
  const [entries, count] = await messaging.listAndCountMessagingDebugLogs(filters, {
    skip: offset,
    take: limit,
    order: { created_at: "DESC" },
  })
  res.json({ entries, count, limit, offset })
}

/** DELETE /admin/messaging/debug-log — clear the log (everything, or entries before `before`). */
export async function DELETE(req: MedusaRequest<unknown, ClearDebugLogQueryType>, res: MedusaResponse) {
  const { before } = req.validatedQuery as ClearDebugLogQueryType
  const { result: deleted } = await clearDebugLogWorkflow(req.scope).run({ input: before?.toISOString() ?? null })
  res.json({ object: "messaging_debug_log", deleted })
}
