import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { cancelCampaignStep } from "./steps/cancel-campaign"

export const cancelCampaignWorkflowId = "messaging-cancel-campaign"

/** Cancel a campaign by id; answers how many of its messages it affected. */
export const cancelCampaignWorkflow = createWorkflow(cancelCampaignWorkflowId, (id: WorkflowData<string>) => {
  return new WorkflowResponse(cancelCampaignStep(id))
})
