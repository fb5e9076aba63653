import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { deleteCustomRuleStep } from "./steps/delete-custom-rule"

export const deleteCustomRuleWorkflowId = "messaging-delete-custom-rule"

/** Delete a custom rule by id (404 when unknown). */
export const deleteCustomRuleWorkflow = createWorkflow(deleteCustomRuleWorkflowId, (id: WorkflowData<string>) => {
  return new WorkflowResponse(deleteCustomRuleStep(id))
})
