import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { messagingFrom } from "../../helpers/service"

/**
 * GET /admin/messaging/messages/:id — the message, its status timeline (in the order we
 * recorded it: providers report times rounded to the second) and related messages
 * (SMS fallback, resends).
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const message = await messaging.retrieveMessagingMessage(req.params.id)
  const [events, children] = await Promise.all([
    messaging.listMessagingMessageEvents(
      { message_id: message.id },
      { order: { created_at: "ASC", occurred_at: "ASC" }, take: 500 }
    ),
    messaging.listMessagingMessages({ parent_id: message.id }, { order: { created_at: "ASC" }, take: 50 }),
  ])
  const parent = message.parent_id
    ? ((await messaging.listMessagingMessages({ id: message.parent_id }))[0] ?? null)
    : null
  res.json({ message, events, related: { parent, children } })
}
