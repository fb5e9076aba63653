import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { assertSenderName } from "../../helpers/senders"
import { messagingFrom } from "../../helpers/service"
import type { UpdateSenderBody } from "../../validators/templates"

/** GET /admin/messaging/senders/:id */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const sender = await messagingFrom(req.scope).retrieveMessagingSender(req.params.id)
  res.json({ sender })
}

/** POST /admin/messaging/senders/:id */
export async function POST(req: MedusaRequest<UpdateSenderBody>, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const stored = await messaging.retrieveMessagingSender(req.params.id)
  if (req.validatedBody.name) assertSenderName(stored.channel, req.validatedBody.name)
  const sender = await messaging.updateMessagingSenders({ id: stored.id, ...req.validatedBody } as any)
  res.json({ sender })
}

/** DELETE /admin/messaging/senders/:id */
export async function DELETE(req: MedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const stored = await messaging.retrieveMessagingSender(req.params.id)
  await messaging.deleteMessagingSenders(stored.id)
  res.json({ id: stored.id, object: "messaging_sender", deleted: true })
}
