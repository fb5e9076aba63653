import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messagingOf } from "../../messaging"

export const cancelMessagesStepId = "messaging-cancel-messages"

/**
 * Cancel queued or deferred messages; the others are listed as not cancelable. Canceled
 * is final, so there is no compensation: this is the only step of its workflow.
 */
export const cancelMessagesStep = createStep(cancelMessagesStepId, async (ids: string[], { container }) => {
  return new StepResponse(await messagingOf(container).cancelMessages(ids))
})
