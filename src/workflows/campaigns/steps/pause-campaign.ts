import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messagingOf } from "../../messaging"

export const pauseCampaignStepId = "messaging-pause-campaign"

/**
 * Pause a campaign: its waiting messages (queued, or held for the night) are held with no
 * time. 404 for an unknown id. Compensation: a campaign that was running is resumed.
 */
export const pauseCampaignStep = createStep(
  pauseCampaignStepId,
  async (id: string, { container }) => {
    const messaging = messagingOf(container)
    const before = await messaging.retrieveMessagingCampaign(id)
    const affected = await messaging.pauseCampaign(id)
    return new StepResponse({ affected }, { id, was: before.status as string })
  },
  async (previous, { container }) => {
    if (!previous || !["running", "enqueuing"].includes(previous.was)) return
    await messagingOf(container).resumeCampaign(previous.id)
  }
)
