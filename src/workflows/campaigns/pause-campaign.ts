import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { pauseCampaignStep } from "./steps/pause-campaign"

export const pauseCampaignWorkflowId = "messaging-pause-campaign"

/** Pause a campaign by id; answers how many of its messages it affected. */
export const pauseCampaignWorkflow = createWorkflow(pauseCampaignWorkflowId, (id: WorkflowData<string>) => {
  return new WorkflowResponse(pauseCampaignStep(id))
})
