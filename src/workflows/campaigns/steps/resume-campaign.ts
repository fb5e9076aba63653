import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messagingOf } from "../../messaging"

export const resumeCampaignStepId = "messaging-resume-campaign"

/**
 * Resume a paused campaign: its held messages are spaced again from now at its rate,
 * waiting out the night. 404 for an unknown id. Compensation: a campaign that was paused
 * is paused again.
 */
export const resumeCampaignStep = createStep(
  resumeCampaignStepId,
  async (id: string, { container }) => {
    const messaging = messagingOf(container)
    const before = await messaging.retrieveMessagingCampaign(id)
    const affected = await messaging.resumeCampaign(id)
    return new StepResponse({ affected }, { id, was: before.status as string })
  },
  async (previous, { container }) => {
    if (previous?.was !== "paused") return
    await messagingOf(container).pauseCampaign(previous.id)
  }
)
