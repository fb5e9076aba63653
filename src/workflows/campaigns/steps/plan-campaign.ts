import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { planCampaign, type CampaignPlan, type CampaignPlanInput } from "../../../api/admin/messaging/helpers/campaigns"
import { invalidField } from "../../../api/admin/messaging/helpers/errors"
import { messagingOf } from "../../messaging"

export const planCampaignStepId = "messaging-plan-campaign"

/**
 * Who gets the campaign and what it costs (the dry run's plan). Reads only: nothing to
 * undo. A campaign without a single recipient is refused here, before anything is written.
 */
export const planCampaignStep = createStep(planCampaignStepId, async (input: CampaignPlanInput, { container }) => {
  const plan = await planCampaign(container, messagingOf(container), {
    ...input,
    start_at: input.start_at ? new Date(input.start_at) : undefined,
  })
  if (!plan.recipients.length)
    throw invalidField("audience", "has no recipient with a valid phone that has not opted out")
  return new StepResponse<CampaignPlan>(plan)
})
