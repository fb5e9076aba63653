import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { createCollectorWorkflow } from "../../../../../workflows/intake"
import { intakeFrom, presentCollector, presentCollectors } from "../helpers"
import type { CreateCollectorBody } from "../validators"

/** GET /admin/messaging/intake/collectors — every collector, secrets masked, with counts and run state. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const intake = intakeFrom(req.scope)
  const rows = await intake.listIntakeCollectors({}, { order: { created_at: "ASC" } })
  res.json({ collectors: await presentCollectors(intake, rows) })
}

/** POST /admin/messaging/intake/collectors */
export async function POST(req: MedusaRequest<CreateCollectorBody>, res: MedusaResponse) {
  const { result } = await createCollectorWorkflow(req.scope).run({ input: { data: req.validatedBody } })
  res.status(201).json({ collector: presentCollector(result) })
}
