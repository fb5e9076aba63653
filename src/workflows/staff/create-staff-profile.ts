import { createWorkflow, transform, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { createStaffProfileStep } from "./steps/create-staff-profile"
import { validateStaffProfileStep } from "./steps/validate-staff-profile"

export const createStaffProfileWorkflowId = "messaging-create-staff-profile"

/** A staff notification profile; it needs an e-mail or a Telegram chat id. */
export const createStaffProfileWorkflow = createWorkflow(
  createStaffProfileWorkflowId,
  (data: WorkflowData<Record<string, unknown>>) => {
    const row = validateStaffProfileStep(transform({ data }, ({ data }) => ({ data })))
    return new WorkflowResponse(createStaffProfileStep(row))
  }
)
