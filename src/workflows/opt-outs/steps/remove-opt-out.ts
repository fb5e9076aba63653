import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messagingOf } from "../../messaging"

export const removeOptOutStepId = "messaging-remove-opt-out"

/**
 * The number gets messages again on that channel: the opt-out is soft-deleted (404 for
 * an unknown id). Compensation: it is restored.
 */
export const removeOptOutStep = createStep(
  removeOptOutStepId,
  async (id: string, { container }) => {
    const messaging = messagingOf(container)
    const stored = await messaging.retrieveMessagingOptOut(id)
    await messaging.softDeleteMessagingOptOuts(stored.id)
    return new StepResponse({ id: stored.id as string }, stored.id as string)
  },
  async (id, { container }) => {
    if (!id) return
    await messagingOf(container).restoreMessagingOptOuts(id)
  }
)
