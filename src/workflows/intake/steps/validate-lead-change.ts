import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { intakeOf } from "../intake"

export const validateLeadChangeStepId = "intake-validate-lead-change"

/**
 * The lead (404 when unknown), refused once it is converted or rejected: those are final.
 * Reads only: nothing to undo.
 */
export const validateLeadChangeStep = createStep(validateLeadChangeStepId, async (id: string, { container }) => {
  const lead = await intakeOf(container).retrieveIntakeLead(id)
  if (lead.status === "converted" || lead.status === "rejected") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Lead ${id} is already ${lead.status}`)
  }
  return new StepResponse({ id: lead.id, draft_order_id: lead.draft_order_id as string | null })
})
