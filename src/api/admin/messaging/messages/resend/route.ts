import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resendMessagesWorkflow } from "../../../../../workflows/messages"
import type { ResendBodyType } from "../../validators/messages"

/**
 * POST /admin/messaging/messages/resend — a new copy of each finished message (the original
 * stays in History). Copies go through the opt-out and quiet-hours checks unless
 * `override_consent` is true (recorded on the copy's timeline); `refused` says why not.
 */
export async function POST(req: AuthenticatedMedusaRequest<ResendBodyType>, res: MedusaResponse) {
  const input = { ...req.validatedBody, created_by: req.auth_context?.actor_id ?? null }
  const { result } = await resendMessagesWorkflow(req.scope).run({ input })
  res.status(201).json(result)
}
