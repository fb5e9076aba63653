import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messagingOf } from "../../messaging"

export const clearDebugLogStepId = "messaging-clear-debug-log"

/**
 * Delete the debug log (everything, or the entries before `before`, an ISO time); answers how many.
 * A cleared log is not written back, so there is nothing to undo; it is the only step of
 * its workflow.
 */
export const clearDebugLogStep = createStep(clearDebugLogStepId, async (before: string | null, { container }) => {
  return new StepResponse(await messagingOf(container).clearDebugLog(before ? new Date(before) : null))
})
