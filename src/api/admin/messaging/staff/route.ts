import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { invalidField } from "../helpers/errors"
import { messagingFrom } from "../helpers/service"
import type { CreateStaffBody } from "../validators/templates"

/** GET /admin/messaging/staff — staff notification profiles. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const profiles = await messagingFrom(req.scope).listMessagingStaffProfiles({}, { order: { created_at: "ASC" } })
  res.json({ profiles })
}

/** POST /admin/messaging/staff — a profile needs an e-mail or a Telegram chat id. */
export async function POST(req: MedusaRequest<CreateStaffBody>, res: MedusaResponse) {
  const body = req.validatedBody
  if (!body.email && !body.telegram_chat_id) throw invalidField("email", "or telegram_chat_id must be set")
  const profile = await messagingFrom(req.scope).createMessagingStaffProfiles(body as any)
  res.status(201).json({ profile })
}
