import { createWorkflow, transform, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { enqueueManualMessagesStep } from "./steps/enqueue-manual-messages"
import { prepareManualMessageStep, type PrepareManualMessageStepInput } from "./steps/prepare-manual-message"

export const sendMessageWorkflowId = "messaging-send-message"

/** A manual message from an order or customer page, through the outbox like every message. */
export const sendMessageWorkflow = createWorkflow(
  sendMessageWorkflowId,
  (input: WorkflowData<PrepareManualMessageStepInput>) => {
    const message = prepareManualMessageStep(input)
    const result = enqueueManualMessagesStep(transform({ message }, ({ message }) => [message]))
    return new WorkflowResponse(
      transform({ result }, ({ result }) => ({ message: result.created[0] ?? null, skipped: result.skipped }))
    )
  }
)
