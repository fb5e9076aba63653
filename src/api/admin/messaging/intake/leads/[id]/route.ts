import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { updateLeadWorkflow } from "../../../../../../workflows/intake"
import { intakeFrom } from "../../helpers"
import type { UpdateLeadBody } from "../../validators"

/** GET /admin/messaging/intake/leads/:id — parsed fields, parse errors and the raw payload. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  res.json({ lead: await intakeFrom(req.scope).retrieveIntakeLead(req.params.id) })
}

/** POST /admin/messaging/intake/leads/:id — status new / in progress, assignee. */
export async function POST(req: MedusaRequest<UpdateLeadBody>, res: MedusaResponse) {
  const { result } = await updateLeadWorkflow(req.scope).run({ input: { id: req.params.id, data: req.validatedBody } })
  res.json({ lead: result })
}
