import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { resumeCampaignStep } from "./steps/resume-campaign"

export const resumeCampaignWorkflowId = "messaging-resume-campaign"

/** Resume a campaign by id; answers how many of its messages it affected. */
export const resumeCampaignWorkflow = createWorkflow(resumeCampaignWorkflowId, (id: WorkflowData<string>) => {
  return new WorkflowResponse(resumeCampaignStep(id))
})
