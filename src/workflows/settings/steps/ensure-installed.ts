import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messagingOf } from "../../messaging"

export const ensureInstalledStepId = "messaging-ensure-installed"

/**
 * The module's first-run rows (global site, general settings, default templates) exist.
 * Idempotent and never undone: later steps rely on those rows.
 */
export const ensureInstalledStep = createStep(ensureInstalledStepId, async (_: void, { container }) => {
  await messagingOf(container).ensureInstalled()
  return new StepResponse(true)
})
