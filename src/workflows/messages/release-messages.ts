import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { releaseMessagesStep } from "./steps/release-messages"

export const releaseMessagesWorkflowId = "messaging-release-messages"

/** Release messages held by quiet hours to be sent now. */
export const releaseMessagesWorkflow = createWorkflow(releaseMessagesWorkflowId, (ids: WorkflowData<string[]>) => {
  return new WorkflowResponse(releaseMessagesStep(ids))
})
