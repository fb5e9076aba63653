import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { messagingOf } from "../../messaging"

export const setDebugFullCaptureStepId = "messaging-set-debug-full-capture"

/**
 * Keep phone numbers and texts unmasked in the debug log for `minutes` (0 turns it off);
 * who turned it on is logged. A number of minutes out of range is a 400. No compensation:
 * it is the only step of its workflow, and it ends by itself.
 */
export const setDebugFullCaptureStep = createStep(
  setDebugFullCaptureStepId,
  async (input: { minutes: number; by: string | null }, { container }) => {
    try {
      return new StepResponse(await messagingOf(container).setDebugFullCapture(input.minutes, input.by))
    } catch (e) {
      if (e instanceof RangeError)
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `Field 'minutes': ${e.message}`)
      throw e
    }
  }
)
