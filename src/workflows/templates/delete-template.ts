import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { deleteTemplateStep } from "./steps/delete-template"

export const deleteTemplateWorkflowId = "messaging-delete-template"

/** Delete a template by id (404 when unknown). */
export const deleteTemplateWorkflow = createWorkflow(deleteTemplateWorkflowId, (id: WorkflowData<string>) => {
  return new WorkflowResponse(deleteTemplateStep(id))
})
