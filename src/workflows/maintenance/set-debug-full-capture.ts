import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { setDebugFullCaptureStep } from "./steps/set-debug-full-capture"

export const setDebugFullCaptureWorkflowId = "messaging-set-debug-full-capture"

/** Unmasked debug log for a while (0 minutes: masked again); answers until when. */
export const setDebugFullCaptureWorkflow = createWorkflow(
  setDebugFullCaptureWorkflowId,
  (input: WorkflowData<{ minutes: number; by: string | null }>) => {
    return new WorkflowResponse(setDebugFullCaptureStep(input))
  }
)
