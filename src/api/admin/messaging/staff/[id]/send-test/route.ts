import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sendStaffTestWorkflow } from "../../../../../../workflows/staff"

/**
 * POST /admin/messaging/staff/:id/send-test — a test message to the profile's Telegram chat
 * and e-mail, through the outbox like any other message (see it in History).
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const input = { id: req.params.id, created_by: req.auth_context?.actor_id ?? null }
  const { result } = await sendStaffTestWorkflow(req.scope).run({ input })
  res.status(201).json({ messages: result.created, skipped: result.skipped })
}
