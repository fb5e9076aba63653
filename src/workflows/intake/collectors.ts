import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createCollectorStep } from "./steps/create-collector"
import { deleteCollectorStep } from "./steps/delete-collector"
import { updateCollectorStep } from "./steps/update-collector"
import { type CollectorInput, validateCollectorStep } from "./steps/validate-collector"

/** A new collector: config checked for its type, secrets required. */
export const createCollectorWorkflow = createWorkflow("intake-create-collector", (input: CollectorInput) => {
  const row = validateCollectorStep(input)
  return new WorkflowResponse(createCollectorStep(row))
})

/** A collector changed (secrets left empty keep their stored values). */
export const updateCollectorWorkflow = createWorkflow(
  "intake-update-collector",
  (input: CollectorInput & { id: string }) => {
    const row = validateCollectorStep(input)
    return new WorkflowResponse(updateCollectorStep(row as any))
  }
)

/** A collector removed; its leads stay. */
export const deleteCollectorWorkflow = createWorkflow("intake-delete-collector", (id: string) => {
  return new WorkflowResponse(deleteCollectorStep(id))
})
