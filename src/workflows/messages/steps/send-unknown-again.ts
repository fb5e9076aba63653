import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messagingOf } from "../../messaging"

export const sendUnknownAgainStepId = "messaging-send-unknown-again"

/**
 * "Send again" for messages whose outcome is unknown: the same message goes back to the
 * queue as not sent; other statuses are left as they are. No compensation: a message put
 * back may be on its way at once and the service offers no way back to `unknown`, so
 * this is the only step of its workflow.
 */
export const sendUnknownAgainStep = createStep(sendUnknownAgainStepId, async (ids: string[], { container }) => {
  const queued = await messagingOf(container).sendUnknownAgain(ids)
  return new StepResponse({ queued, not_queued: ids.filter((id) => !queued.includes(id)) })
})
