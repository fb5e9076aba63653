import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { addOptOutWorkflow } from "../../../../workflows/opt-outs"
import { likePattern } from "../helpers/messages"
import { messagingFrom } from "../helpers/service"
import type { CreateOptOutBody, ListOptOutsQueryType } from "../validators/messages"

/** GET /admin/messaging/opt-outs — numbers that asked not to get messages. */
export async function GET(req: MedusaRequest<unknown, ListOptOutsQueryType>, res: MedusaResponse) {
  const { limit = 50, offset = 0, q, channel } = req.validatedQuery as ListOptOutsQueryType
  const filters: Record<string, unknown> = {}
  if (channel) filters.channel = channel
  const digits = q?.replace(/\D/g, "")
  if (digits) filters.phone = { $ilike: likePattern(digits) }
  const [opt_outs, count] = await messagingFrom(req.scope).listAndCountMessagingOptOuts(filters, {
    skip: offset,
    take: limit,
    order: { created_at: "DESC" },
  })
  res.json({ opt_outs, count, limit, offset })
}

/** POST /admin/messaging/opt-outs — stop messages to a number (on one channel or all). */
export async function POST(req: MedusaRequest<CreateOptOutBody>, res: MedusaResponse) {
  const { result } = await addOptOutWorkflow(req.scope).run({ input: req.validatedBody })
  res.status(201).json({ opt_out: result })
}
