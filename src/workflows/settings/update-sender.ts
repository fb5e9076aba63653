import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { updateSenderStep } from "./steps/update-sender"
import { validateSenderStep, type SenderChange } from "./steps/validate-sender"

export const updateSenderWorkflowId = "messaging-update-sender"

/** Change a sender; a new name must fit its channel. */
export const updateSenderWorkflow = createWorkflow(
  updateSenderWorkflowId,
  (input: WorkflowData<SenderChange & { id: string }>) => {
    const row = validateSenderStep(input)
    return new WorkflowResponse(
      updateSenderStep(row as unknown as WorkflowData<Record<string, unknown> & { id: string }>)
    )
  }
)
