import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { messagingFrom } from "../../helpers/service"
import type { ResendBodyType } from "../../validators/messages"

/**
 * POST /admin/messaging/messages/resend — a new copy of each finished message (the original
 * stays in History). Copies go through the opt-out and quiet-hours checks unless
 * `override_consent` is true (recorded on the copy's timeline); `refused` says why not.
 */
export async function POST(req: AuthenticatedMedusaRequest<ResendBodyType>, res: MedusaResponse) {
  const { ids, override_consent } = req.validatedBody
  const { created, refused } = await messagingFrom(req.scope).resendMessages(ids, req.auth_context?.actor_id ?? null, { override: override_consent })
  const resent = new Set(created.map((m) => m.parent_id))
  res.status(201).json({ messages: created, not_resent: ids.filter((id) => !resent.has(id)), refused })
}
