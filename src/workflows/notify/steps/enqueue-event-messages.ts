import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messagingOf } from "../../messaging"
import type { ResolvedEvent } from "../resolve-context"

export const enqueueEventMessagesStepId = "messaging-enqueue-event-messages"

/**
 * Render, resolve recipients and write the outbox rows (one transaction, idempotent).
 * No compensation: it is the last step, and a repeated event finds its rows by their keys.
 */
export const enqueueEventMessagesStep = createStep(
  enqueueEventMessagesStepId,
  async (resolved: ResolvedEvent | null, { container }) => {
    if (!resolved) return new StepResponse({ created: 0, ids: [] as string[] })
    const rows = await messagingOf(container).enqueueEventMessages(resolved)
    return new StepResponse({ created: rows.length, ids: rows.map((r) => r.id) })
  }
)
