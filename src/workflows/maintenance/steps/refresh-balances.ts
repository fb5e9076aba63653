import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messagingOf } from "../../messaging"

export const refreshBalancesStepId = "messaging-refresh-balances"

/**
 * Ask every provider with a balance API for it now. It only records what the providers
 * answered, so there is nothing to undo; it is the only step of its workflow.
 */
export const refreshBalancesStep = createStep(refreshBalancesStepId, async (_: void, { container }) => {
  return new StepResponse(await messagingOf(container).refreshBalances())
})
