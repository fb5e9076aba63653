import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { testProviderAccountStep } from "./steps/test-provider-account"

export const testProviderAccountWorkflowId = "messaging-test-provider-account"

/** Test an account's connection now: ok, or the (masked) reason it failed. */
export const testProviderAccountWorkflow = createWorkflow(testProviderAccountWorkflowId, (id: WorkflowData<string>) => {
  return new WorkflowResponse(testProviderAccountStep(id))
})
