import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { createSenderWorkflow } from "../../../../workflows/settings"
import { messagingFrom } from "../helpers/service"
import type { CreateSenderBody } from "../validators/templates"

/** GET /admin/messaging/senders — SMS and Viber senders per provider account. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const senders = await messagingFrom(req.scope).listMessagingSenders(
    {},
    { order: { provider_account_id: "ASC", channel: "ASC", name: "ASC" } }
  )
  res.json({ senders })
}

/** POST /admin/messaging/senders — a sender as registered with the provider. */
export async function POST(req: MedusaRequest<CreateSenderBody>, res: MedusaResponse) {
  const { result } = await createSenderWorkflow(req.scope).run({ input: req.validatedBody })
  res.status(201).json({ sender: result })
}
