import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteCollectorWorkflow, updateCollectorWorkflow } from "../../../../../../workflows/intake"
import { intakeFrom, presentCollectors } from "../../helpers"
import type { UpdateCollectorBody } from "../../validators"

/** GET /admin/messaging/intake/collectors/:id */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const intake = intakeFrom(req.scope)
  const row = await intake.retrieveIntakeCollector(req.params.id)
  res.json({ collector: (await presentCollectors(intake, [row]))[0] })
}

/** POST /admin/messaging/intake/collectors/:id — empty secrets keep the stored ones. */
export async function POST(req: MedusaRequest<UpdateCollectorBody>, res: MedusaResponse) {
  const { result } = await updateCollectorWorkflow(req.scope).run({
    input: { id: req.params.id, data: req.validatedBody },
  })
  res.json({ collector: (await presentCollectors(intakeFrom(req.scope), [result]))[0] })
}

/** DELETE /admin/messaging/intake/collectors/:id — its leads stay. */
export async function DELETE(req: MedusaRequest, res: MedusaResponse) {
  const { result } = await deleteCollectorWorkflow(req.scope).run({ input: req.params.id })
  res.json({ id: result.id, object: "intake_collector", deleted: true })
}
