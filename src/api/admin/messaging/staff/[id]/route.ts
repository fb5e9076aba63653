import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { invalidField } from "../../helpers/errors"
import { messagingFrom } from "../../helpers/service"
import type { UpdateStaffBody } from "../../validators/templates"

/** GET /admin/messaging/staff/:id */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const profile = await messagingFrom(req.scope).retrieveMessagingStaffProfile(req.params.id)
  res.json({ profile })
}

/** POST /admin/messaging/staff/:id */
export async function POST(req: MedusaRequest<UpdateStaffBody>, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const stored = await messaging.retrieveMessagingStaffProfile(req.params.id)
  const merged = { ...stored, ...req.validatedBody }
  if (!merged.email && !merged.telegram_chat_id) throw invalidField("email", "or telegram_chat_id must be set")
  const profile = await messaging.updateMessagingStaffProfiles({ id: stored.id, ...req.validatedBody } as any)
  res.json({ profile })
}

/** DELETE /admin/messaging/staff/:id */
export async function DELETE(req: MedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const stored = await messaging.retrieveMessagingStaffProfile(req.params.id)
  await messaging.deleteMessagingStaffProfiles(stored.id)
  res.json({ id: stored.id, object: "messaging_staff_profile", deleted: true })
}
