import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messagingOf } from "../../messaging"

export const activateCampaignStepId = "messaging-activate-campaign"

/**
 * Every message is written: an `enqueuing` campaign becomes `running`; one paused while
 * it was being written has its new rows paused too. Compensation: back to `enqueuing`
 * (the create step's compensation then cancels it).
 */
export const activateCampaignStep = createStep(
  activateCampaignStepId,
  async (id: string, { container }) => {
    const messaging = messagingOf(container)
    const campaign = await messaging.retrieveMessagingCampaign(id)
    if (campaign.status === "enqueuing") await messaging.updateMessagingCampaigns({ id, status: "running" })
    if (campaign.status === "paused") await messaging.pauseCampaign(id)
    return new StepResponse({ id }, { id, status: campaign.status as string })
  },
  async (previous, { container }) => {
    if (previous?.status !== "enqueuing") return
    await messagingOf(container).updateMessagingCampaigns({ id: previous.id, status: "enqueuing" })
  }
)
