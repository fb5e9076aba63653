import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { sendUnknownAgainStep } from "./steps/send-unknown-again"

export const sendUnknownAgainWorkflowId = "messaging-send-unknown-again"

/** Messages held with an unknown outcome are queued again (the admin checked the provider first). */
export const sendUnknownAgainWorkflow = createWorkflow(sendUnknownAgainWorkflowId, (ids: WorkflowData<string[]>) => {
  return new WorkflowResponse(sendUnknownAgainStep(ids))
})
