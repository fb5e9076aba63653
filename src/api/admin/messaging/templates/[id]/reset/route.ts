import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resetTemplateWorkflow } from "../../../../../../workflows/templates"

/** POST /admin/messaging/templates/:id/reset — back to the BW_ default text for its event, audience, channel and locale. */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const { result } = await resetTemplateWorkflow(req.scope).run({ input: req.params.id })
  res.json({ template: result })
}
