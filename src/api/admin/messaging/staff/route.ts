import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { createStaffProfileWorkflow } from "../../../../workflows/staff"
import { messagingFrom } from "../helpers/service"
import type { CreateStaffBody } from "../validators/templates"

/** GET /admin/messaging/staff — staff notification profiles. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const profiles = await messagingFrom(req.scope).listMessagingStaffProfiles({}, { order: { created_at: "ASC" } })
  res.json({ profiles })
}

/** POST /admin/messaging/staff — a profile needs an e-mail or a Telegram chat id. */
export async function POST(req: MedusaRequest<CreateStaffBody>, res: MedusaResponse) {
  const { result } = await createStaffProfileWorkflow(req.scope).run({ input: req.validatedBody })
  res.status(201).json({ profile: result })
}
