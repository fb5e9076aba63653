import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { MESSAGING_MODULE } from "../modules/messaging"
import type MessagingModuleService from "../modules/messaging/service"
import { EventNotResolvable, type ResolvedEvent, resolveEventContext } from "./notify/resolve-context"

export interface NotifyEventInput {
  event_name: string
  data: Record<string, any>
}

/** Resolve the order/customer/fulfillment/payment behind the event with Query (line-item totals only when a template reads them). */
export const resolveEventContextStep = createStep(
  "messaging-resolve-event-context",
  async (input: NotifyEventInput, { container }) => {
    try {
      const messaging = container.resolve<MessagingModuleService>(MESSAGING_MODULE)
      const itemTotals = await messaging.eventReadsItemTotals(input.event_name)
      return new StepResponse<ResolvedEvent | null>(await resolveEventContext(container, input.event_name, input.data, { itemTotals }))
    } catch (e) {
      if (e instanceof EventNotResolvable) {
        container.resolve("logger").info(`messaging: nothing to send for ${input.event_name}: ${e.message}`)
        return new StepResponse<ResolvedEvent | null>(null)
      }
      throw e
    }
  }
)

/** Render, resolve recipients and write the outbox rows (one transaction, idempotent). */
export const enqueueEventMessagesStep = createStep(
  "messaging-enqueue-event-messages",
  async (resolved: ResolvedEvent | null, { container }) => {
    if (!resolved) return new StepResponse({ created: 0, ids: [] as string[] })
    const messaging = container.resolve<MessagingModuleService>(MESSAGING_MODULE)
    const rows = await messaging.enqueueEventMessages(resolved)
    return new StepResponse({ created: rows.length, ids: rows.map((r) => r.id) })
  }
)

/** A shop event → messages in the outbox (the dispatcher sends them). */
export const notifyEventWorkflow = createWorkflow("messaging-notify-event", (input: NotifyEventInput) => {
  const resolved = resolveEventContextStep(input)
  const result = enqueueEventMessagesStep(resolved)
  return new WorkflowResponse(result)
})
