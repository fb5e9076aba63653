import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { defaultTemplateTextStep } from "./steps/default-template-text"
import { updateTemplateStep } from "./steps/update-template"

export const resetTemplateWorkflowId = "messaging-reset-template"

/** A template back to the BW_ default text for its event, audience, channel and locale. */
export const resetTemplateWorkflow = createWorkflow(resetTemplateWorkflowId, (id: WorkflowData<string>) => {
  return new WorkflowResponse(updateTemplateStep(defaultTemplateTextStep(id)))
})
