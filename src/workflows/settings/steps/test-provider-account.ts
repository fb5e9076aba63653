import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messagingOf } from "../../messaging"

export const testProviderAccountStepId = "messaging-test-provider-account"

/**
 * Probe the provider with the account's stored credentials (404 for an unknown id). It
 * only records what the provider answered (balance, health), so there is nothing to
 * undo; it is the only step of its workflow.
 */
export const testProviderAccountStep = createStep(testProviderAccountStepId, async (id: string, { container }) => {
  const messaging = messagingOf(container)
  await messaging.retrieveMessagingProviderAccount(id)
  return new StepResponse(await messaging.testAccount(id))
})
