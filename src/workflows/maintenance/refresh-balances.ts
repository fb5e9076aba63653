import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { refreshBalancesStep } from "./steps/refresh-balances"

export const refreshBalancesWorkflowId = "messaging-refresh-balances"

/** Every provider with a balance API is asked now. */
export const refreshBalancesWorkflow = createWorkflow(refreshBalancesWorkflowId, () => {
  return new WorkflowResponse(refreshBalancesStep())
})
