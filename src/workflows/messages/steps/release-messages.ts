import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messagingOf } from "../../messaging"

export const releaseMessagesStepId = "messaging-release-messages"

/**
 * "Send now" for messages held by quiet hours. No compensation: a released message may
 * go out at once, so this is the only step of its workflow.
 */
export const releaseMessagesStep = createStep(releaseMessagesStepId, async (ids: string[], { container }) => {
  const released = await messagingOf(container).releaseMessages(ids)
  return new StepResponse({ released, not_released: ids.filter((id) => !released.includes(id)) })
})
