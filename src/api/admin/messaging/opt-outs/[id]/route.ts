import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { messagingFrom } from "../../helpers/service"

/** DELETE /admin/messaging/opt-outs/:id — the number gets messages again on that channel. */
export async function DELETE(req: MedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const stored = await messaging.retrieveMessagingOptOut(req.params.id)
  await messaging.softDeleteMessagingOptOuts(stored.id)
  res.json({ id: stored.id, object: "messaging_opt_out", deleted: true })
}
