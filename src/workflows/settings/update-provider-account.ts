import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import type { UpdateAccountBody } from "../../api/admin/messaging/validators/settings"
import { updateProviderAccountStep } from "./steps/update-provider-account"
import { validateAccountUpdateStep } from "./steps/validate-account-update"

export const updateProviderAccountWorkflowId = "messaging-update-provider-account"

/** Change a provider account; secrets are only replaced, never revealed. */
export const updateProviderAccountWorkflow = createWorkflow(
  updateProviderAccountWorkflowId,
  (input: WorkflowData<{ id: string; data: UpdateAccountBody }>) => {
    return new WorkflowResponse(updateProviderAccountStep(validateAccountUpdateStep(input)))
  }
)
