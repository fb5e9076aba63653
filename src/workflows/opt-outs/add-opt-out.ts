import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { addOptOutStep, type AddOptOutStepInput } from "./steps/add-opt-out"

export const addOptOutWorkflowId = "messaging-add-opt-out"

/** An admin stops messages to a number (one channel or all). */
export const addOptOutWorkflow = createWorkflow(addOptOutWorkflowId, (input: WorkflowData<AddOptOutStepInput>) => {
  return new WorkflowResponse(addOptOutStep(input))
})
