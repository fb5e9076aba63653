import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sendMessageWorkflow } from "../../../../workflows/messages"
import type { SendMessageBody } from "../validators/messages"

/**
 * POST /admin/messaging/send — a manual message from an order or customer page. The
 * text (free text or a template) is rendered with the order's or customer's data, then
 * goes through the outbox like every message (opt-outs, quiet hours unless critical,
 * transliteration, failover).
 */
export async function POST(req: AuthenticatedMedusaRequest<SendMessageBody>, res: MedusaResponse) {
  const input = { ...req.validatedBody, created_by: req.auth_context?.actor_id ?? null }
  const { result } = await sendMessageWorkflow(req.scope).run({ input })
  res.status(201).json(result)
}
