import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { rejectLeadWorkflow } from "../../../../../../../workflows/intake"
import type { RejectLeadBody } from "../../../validators"

/** POST /admin/messaging/intake/leads/:id/reject */
export async function POST(req: MedusaRequest<RejectLeadBody>, res: MedusaResponse) {
  const { result } = await rejectLeadWorkflow(req.scope).run({
    input: { id: req.params.id, reason: req.validatedBody.reason ?? null },
  })
  res.json({ lead: result })
}
