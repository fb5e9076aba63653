import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messagingOf, type ManualSendInput } from "../../messaging"

export const enqueueManualMessagesStepId = "messaging-enqueue-manual-messages"

/**
 * Manual messages into the outbox, one per recipient, prepared like event messages
 * (opt-outs, quiet hours unless critical, transliteration). Takes one send or several
 * (a staff test goes to Telegram and e-mail). Compensation: the messages it wrote that
 * have not gone out yet are canceled.
 */
export const enqueueManualMessagesStep = createStep(
  enqueueManualMessagesStepId,
  async (sends: ManualSendInput[], { container }) => {
    const messaging = messagingOf(container)
    const created: Awaited<ReturnType<typeof messaging.enqueueManualMessages>>["created"] = []
    const skipped: { recipient: string; reason: string }[] = []
    for (const send of sends) {
      const result = await messaging.enqueueManualMessages(send)
      created.push(...result.created)
      skipped.push(...result.skipped)
    }
    return new StepResponse(
      { created, skipped },
      created.map((m) => m.id)
    )
  },
  async (ids, { container }) => {
    if (!ids?.length) return
    await messagingOf(container).cancelMessages(ids, "manual send failed")
  }
)
