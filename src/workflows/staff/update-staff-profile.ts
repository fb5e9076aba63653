import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { updateStaffProfileStep } from "./steps/update-staff-profile"
import { validateStaffProfileStep, type StaffProfileChange } from "./steps/validate-staff-profile"

export const updateStaffProfileWorkflowId = "messaging-update-staff-profile"

/** Edit a staff profile; it keeps an e-mail or a Telegram chat id. */
export const updateStaffProfileWorkflow = createWorkflow(
  updateStaffProfileWorkflowId,
  (input: WorkflowData<StaffProfileChange & { id: string }>) => {
    const row = validateStaffProfileStep(input)
    return new WorkflowResponse(
      updateStaffProfileStep(row as unknown as WorkflowData<Record<string, unknown> & { id: string }>)
    )
  }
)
