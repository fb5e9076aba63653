import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { deleteSenderStep } from "./steps/delete-sender"

export const deleteSenderWorkflowId = "messaging-delete-sender"

/** Delete a sender by id (404 when unknown). */
export const deleteSenderWorkflow = createWorkflow(deleteSenderWorkflowId, (id: WorkflowData<string>) => {
  return new WorkflowResponse(deleteSenderStep(id))
})
