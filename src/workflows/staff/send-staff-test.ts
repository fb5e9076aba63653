import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { enqueueManualMessagesStep } from "../messages/steps/enqueue-manual-messages"
import { prepareStaffTestStep } from "./steps/prepare-staff-test"

export const sendStaffTestWorkflowId = "messaging-send-staff-test"

/** A test message to a staff profile's Telegram chat and e-mail, through the outbox like any other message. */
export const sendStaffTestWorkflow = createWorkflow(
  sendStaffTestWorkflowId,
  (input: WorkflowData<{ id: string; created_by: string | null }>) => {
    return new WorkflowResponse(enqueueManualMessagesStep(prepareStaffTestStep(input)))
  }
)
