import { createWorkflow, transform, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import type { CampaignPlanInput } from "../../api/admin/messaging/helpers/campaigns"
import { activateCampaignStep } from "./steps/activate-campaign"
import { createCampaignStep } from "./steps/create-campaign"
import { enqueueCampaignMessagesStep } from "./steps/enqueue-campaign-messages"
import { planCampaignStep } from "./steps/plan-campaign"

export const startCampaignWorkflowId = "messaging-start-campaign"

export interface StartCampaignWorkflowInput extends CampaignPlanInput {
  name: string
  rate_per_second?: number
  created_by: string | null
}

/**
 * Create a campaign and enqueue its messages at its rate; opted-out numbers are enqueued
 * too, so the outbox records them as skipped. A failure cancels what the start created.
 */
export const startCampaignWorkflow = createWorkflow(
  startCampaignWorkflowId,
  (input: WorkflowData<StartCampaignWorkflowInput>) => {
    const plan = planCampaignStep(input)
    const run = transform({ input }, ({ input }) => {
      const startAt = input.start_at ? new Date(input.start_at) : null
      return {
        rate: input.rate_per_second ?? 20,
        start: startAt && startAt.getTime() > Date.now() ? startAt : new Date(),
      }
    })
    const campaign = createCampaignStep(
      transform({ input, plan, run }, ({ input, plan, run }) => ({
        name: input.name,
        channel: input.channel,
        sales_channel_id: input.sales_channel_id ?? null,
        audience: input.audience,
        rate_per_second: run.rate,
        created_by: input.created_by,
        start: run.start,
        plan,
      }))
    )
    enqueueCampaignMessagesStep(
      transform({ input, plan, run, campaign }, ({ input, plan, run, campaign }) => ({
        campaign_id: campaign.id,
        channel: input.channel,
        text: plan.text,
        targets: [...plan.recipients, ...plan.opted_out],
        sales_channel_id: input.sales_channel_id ?? null,
        created_by: input.created_by,
        start: run.start,
        rate_per_second: run.rate,
      }))
    )
    activateCampaignStep(campaign.id)
    return new WorkflowResponse({ campaign_id: campaign.id, plan })
  }
)
