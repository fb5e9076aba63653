import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { siteOf } from "../helpers/context"
import { likePattern } from "../helpers/messages"
import { requirePhone } from "../helpers/phones"
import { messagingFrom } from "../helpers/service"
import type { CreateOptOutBody, ListOptOutsQueryType } from "../validators/messages"

/** GET /admin/messaging/opt-outs — numbers that asked not to get messages. */
export async function GET(req: MedusaRequest<unknown, ListOptOutsQueryType>, res: MedusaResponse) {
  const { limit = 50, offset = 0, q, channel } = req.validatedQuery as ListOptOutsQueryType
  const filters: Record<string, unknown> = {}
  if (channel) filters.channel = channel
  const digits = q?.replace(/\D/g, "")
  if (digits) filters.phone = { $ilike: likePattern(digits) }
  const [opt_outs, count] = await messagingFrom(req.scope).listAndCountMessagingOptOuts(filters, { skip: offset, take: limit, order: { created_at: "DESC" } })
  res.json({ opt_outs, count, limit, offset })
}

/** POST /admin/messaging/opt-outs — stop messages to a number (on one channel or all). */
export async function POST(req: MedusaRequest<CreateOptOutBody>, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const body = req.validatedBody
  const site = await siteOf(messaging, body.sales_channel_id)
  const phone = requirePhone("phone", body.phone, site.default_region)
  await messaging.addOptOut(phone, body.channel, "admin", body.note ?? null)
  const [opt_out] = await messaging.listMessagingOptOuts({ phone, channel: body.channel })
  res.status(201).json({ opt_out })
}
