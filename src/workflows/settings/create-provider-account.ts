import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import type { CreateAccountBody } from "../../api/admin/messaging/validators/settings"
import { createProviderAccountStep } from "./steps/create-provider-account"
import { validateNewAccountStep } from "./steps/validate-new-account"

export const createProviderAccountWorkflowId = "messaging-create-provider-account"

/** Add a provider account (checked as a whole, its host allowed). */
export const createProviderAccountWorkflow = createWorkflow(
  createProviderAccountWorkflowId,
  (body: WorkflowData<CreateAccountBody>) => {
    return new WorkflowResponse(createProviderAccountStep(validateNewAccountStep(body)))
  }
)
