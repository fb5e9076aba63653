import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { setDebugFullCaptureWorkflow } from "../../../../../workflows/maintenance"
import { messagingFrom } from "../../helpers/service"
import type { FullCaptureBodyType } from "../../validators/messages"

/**
 * POST /admin/messaging/debug-log/full-capture — keep phone numbers and texts unmasked in
 * the debug log for `minutes` (0 turns it off). It ends by itself; who turned it on is logged.
 */
export async function POST(req: AuthenticatedMedusaRequest<FullCaptureBodyType>, res: MedusaResponse) {
  const input = { minutes: req.validatedBody.minutes, by: req.auth_context?.actor_id ?? null }
  const { result } = await setDebugFullCaptureWorkflow(req.scope).run({ input })
  res.json({ debug_full_capture_until: result })
}

/** GET /admin/messaging/debug-log/full-capture — until when it is on (null: masked) and the longest allowed. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const until = (await messaging.generalSettings()).debug_full_capture_until ?? null
  res.json({
    debug_full_capture_until: until && new Date(until).getTime() > Date.now() ? until : null,
    max_minutes: messaging.getOptions().debug_full_capture_max_minutes,
  })
}
