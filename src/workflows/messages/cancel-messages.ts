import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { cancelMessagesStep } from "./steps/cancel-messages"

export const cancelMessagesWorkflowId = "messaging-cancel-messages"

/** Cancel waiting messages by id. */
export const cancelMessagesWorkflow = createWorkflow(cancelMessagesWorkflowId, (ids: WorkflowData<string[]>) => {
  return new WorkflowResponse(cancelMessagesStep(ids))
})
