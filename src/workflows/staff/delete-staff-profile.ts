import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { deleteStaffProfileStep } from "./steps/delete-staff-profile"

export const deleteStaffProfileWorkflowId = "messaging-delete-staff-profile"

/** Delete a staff profile by id (404 when unknown). */
export const deleteStaffProfileWorkflow = createWorkflow(deleteStaffProfileWorkflowId, (id: WorkflowData<string>) => {
  return new WorkflowResponse(deleteStaffProfileStep(id))
})
