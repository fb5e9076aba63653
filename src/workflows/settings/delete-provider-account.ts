import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { deleteProviderAccountStep } from "./steps/delete-provider-account"
import { validateAccountDeleteStep } from "./steps/validate-account-delete"

export const deleteProviderAccountWorkflowId = "messaging-delete-provider-account"

/** Delete an account added in the admin (one from medusa-config is removed there). */
export const deleteProviderAccountWorkflow = createWorkflow(
  deleteProviderAccountWorkflowId,
  (id: WorkflowData<string>) => {
    return new WorkflowResponse(deleteProviderAccountStep(validateAccountDeleteStep(id)))
  }
)
