import { convertDraftOrderWorkflow } from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { updateLeadStep } from "./steps/update-lead"
import { validateLeadChangeStep } from "./steps/validate-lead-change"

export interface UpdateLeadInput {
  id: string
  data: { status?: "new" | "in_progress"; assignee_user_id?: string | null; assignee_group?: string | null }
}

/** Take a lead in work or (re)assign it; converted and rejected leads are final. */
export const updateLeadWorkflow = createWorkflow("intake-update-lead", (input: UpdateLeadInput) => {
  validateLeadChangeStep(input.id)
  const row = transform({ input }, ({ input }) => ({ id: input.id, ...input.data }))
  return new WorkflowResponse(updateLeadStep(row))
})

/** Reject a lead, with a reason for the record. */
export const rejectLeadWorkflow = createWorkflow(
  "intake-reject-lead",
  (input: { id: string; reason?: string | null }) => {
    validateLeadChangeStep(input.id)
    const row = transform({ input }, ({ input }) => ({
      id: input.id,
      status: "rejected",
      reject_reason: input.reason ?? null,
    }))
    return new WorkflowResponse(updateLeadStep(row))
  }
)

/**
 * Convert a lead: its draft order becomes an order (Medusa's convertDraftOrderWorkflow),
 * the lead is marked converted. When the conversion fails the lead goes back as it was.
 */
export const convertLeadWorkflow = createWorkflow("intake-convert-lead", (input: { id: string }) => {
  const lead = validateLeadChangeStep(input.id)
  const updated = updateLeadStep(transform({ input }, ({ input }) => ({ id: input.id, status: "converted" })))
  when("intake-lead-has-draft-order", { lead }, ({ lead }) => !!lead.draft_order_id).then(() => {
    convertDraftOrderWorkflow.runAsStep({
      input: transform({ lead }, ({ lead }) => ({ id: lead.draft_order_id! })),
    })
  })
  return new WorkflowResponse(updated)
})
