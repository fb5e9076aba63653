import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { clearDebugLogStep } from "./steps/clear-debug-log"

export const clearDebugLogWorkflowId = "messaging-clear-debug-log"

/** Clear the debug log (everything, or the entries before a moment). */
export const clearDebugLogWorkflow = createWorkflow(clearDebugLogWorkflowId, (before: WorkflowData<string | null>) => {
  return new WorkflowResponse(clearDebugLogStep(before))
})
