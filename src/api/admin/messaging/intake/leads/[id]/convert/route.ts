import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { convertLeadWorkflow } from "../../../../../../../workflows/intake"

/** POST /admin/messaging/intake/leads/:id/convert — the draft order becomes an order. */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const { result } = await convertLeadWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ lead: result })
}
