import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { MESSAGING_MODULE } from "../modules/messaging"
import type MessagingModuleService from "../modules/messaging/service"
import { EventNotResolvable, ORDER_UPDATE_BURST_S, type ResolvedEvent, resolveEventContext } from "./notify/resolve-context"

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
      const resolved = await resolveEventContext(container, input.event_name, input.data, { itemTotals })
      if (input.event_name === "order.updated" && (await updatedJustNow(messaging, resolved.order_id))) {
        throw new EventNotResolvable(`order ${resolved.order_id} was updated less than ${ORDER_UPDATE_BURST_S} s after its last update message`)
      }
      return new StepResponse<ResolvedEvent | null>(resolved)
    } catch (e) {
      if (e instanceof EventNotResolvable) {
        container.resolve("logger").info(`messaging: nothing to send for ${input.event_name}: ${e.message}`)
        return new StepResponse<ResolvedEvent | null>(null)
      }
      throw e
    }
  }
)

/** A burst of updates is one message: was an `order.updated` row written for this order a moment ago? */
async function updatedJustNow(messaging: MessagingModuleService, orderId: string | null | undefined): Promise<boolean> {
  if (!orderId) return false
  const since = new Date(Date.now() - ORDER_UPDATE_BURST_S * 1000)
  const rows = await messaging.listMessagingMessages({ order_id: orderId, event_name: "order.updated", created_at: { $gte: since } } as any, { take: 1, select: ["id"] })
  return rows.length > 0
}

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
