import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { deleteSiteStep } from "./steps/delete-site"
import { validateSiteDeleteStep } from "./steps/validate-site-delete"

export const deleteSiteWorkflowId = "messaging-delete-site"

/** A sales channel goes back to the global settings (the global site cannot be deleted). */
export const deleteSiteWorkflow = createWorkflow(deleteSiteWorkflowId, (id: WorkflowData<string>) => {
  return new WorkflowResponse(deleteSiteStep(validateSiteDeleteStep(id)))
})
