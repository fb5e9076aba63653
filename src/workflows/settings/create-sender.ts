import { createWorkflow, transform, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { createSenderStep } from "./steps/create-sender"
import { validateSenderStep } from "./steps/validate-sender"

export const createSenderWorkflowId = "messaging-create-sender"

/** A sender as registered with the provider, for one account and channel. */
export const createSenderWorkflow = createWorkflow(
  createSenderWorkflowId,
  (data: WorkflowData<Record<string, unknown>>) => {
    const row = validateSenderStep(transform({ data }, ({ data }) => ({ data })))
    return new WorkflowResponse(createSenderStep(row))
  }
)
