import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messagingOf } from "../../messaging"

export const resendMessagesStepId = "messaging-resend-messages"

export interface ResendMessagesStepInput {
  ids: string[]
  created_by: string | null
  override_consent?: boolean
}

/**
 * A new copy of each finished message (the originals stay as they are), through the
 * opt-out and quiet-hours checks unless overridden. Compensation: the copies that have
 * not gone out yet are canceled.
 */
export const resendMessagesStep = createStep(
  resendMessagesStepId,
  async (input: ResendMessagesStepInput, { container }) => {
    const result = await messagingOf(container).resendMessages(input.ids, input.created_by, {
      override: input.override_consent,
    })
    return new StepResponse(
      result,
      result.created.map((m) => m.id)
    )
  },
  async (ids, { container }) => {
    if (!ids?.length) return
    await messagingOf(container).cancelMessages(ids, "resend failed")
  }
)
