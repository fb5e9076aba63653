import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteSenderWorkflow, updateSenderWorkflow } from "../../../../../workflows/settings"
import { deleteById, getById } from "../../helpers/by-id"
import type { UpdateSenderBody } from "../../validators/templates"

/** GET /admin/messaging/senders/:id */
export const GET = getById("sender", (messaging, id) => messaging.retrieveMessagingSender(id))

/** POST /admin/messaging/senders/:id */
export async function POST(req: MedusaRequest<UpdateSenderBody>, res: MedusaResponse) {
  const { result } = await updateSenderWorkflow(req.scope).run({
    input: { id: req.params.id, data: req.validatedBody },
  })
  res.json({ sender: result })
}

/** DELETE /admin/messaging/senders/:id */
export const DELETE = deleteById("messaging_sender", deleteSenderWorkflow)
