import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { removeOptOutStep } from "./steps/remove-opt-out"

export const removeOptOutWorkflowId = "messaging-remove-opt-out"

/** An admin removes an opt-out by id: the number gets messages again on that channel. */
export const removeOptOutWorkflow = createWorkflow(removeOptOutWorkflowId, (id: WorkflowData<string>) => {
  return new WorkflowResponse(removeOptOutStep(id))
})
