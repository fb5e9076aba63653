import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messagingOf } from "../../messaging"

export const cancelCampaignStepId = "messaging-cancel-campaign"

/**
 * Cancel a campaign and every message it still has waiting. 404 for an unknown id.
 * Canceled is final (canceled messages are never sent), so there is no compensation:
 * this is the last step of every workflow that uses it.
 */
export const cancelCampaignStep = createStep(cancelCampaignStepId, async (id: string, { container }) => {
  const messaging = messagingOf(container)
  await messaging.retrieveMessagingCampaign(id)
  return new StepResponse({ affected: await messaging.cancelCampaign(id) })
})
