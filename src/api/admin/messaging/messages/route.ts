import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { messageFilters } from "../helpers/messages"
import { messagingFrom } from "../helpers/service"
import type { ListMessagesQueryType } from "../validators/messages"

/** GET /admin/messaging/messages — History: newest first, with filters. */
export async function GET(req: MedusaRequest<unknown, ListMessagesQueryType>, res: MedusaResponse) {
  const { limit = 50, offset = 0, fields: _f, order: _o, ...filters } = req.validatedQuery as ListMessagesQueryType
  const [messages, count] = await messagingFrom(req.scope).listAndCountMessagingMessages(messageFilters(filters), {
    skip: offset,
    take: limit,
    order: { created_at: "DESC", id: "DESC" },
  })
  res.json({ messages, count, limit, offset })
}
