import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type MessagingModuleService from "../../../modules/messaging/service"
import { messagingOf } from "../../messaging"
import { EventNotResolvable, ORDER_UPDATE_BURST_S, type ResolvedEvent, resolveEventContext } from "../resolve-context"
import { resolveLeadEvent } from "../resolve-lead"

export interface NotifyEventInput {
  event_name: string
  data: Record<string, any>
}

export const resolveEventContextStepId = "messaging-resolve-event-context"

/**
 * Resolve the order/customer/fulfillment/payment behind the event with Query (line-item
 * totals only when a template reads them). Reads only: nothing to undo.
 */
export const resolveEventContextStep = createStep(
  resolveEventContextStepId,
  async (input: NotifyEventInput, { container }) => {
    try {
      const messaging = messagingOf(container)
      const itemTotals = await messaging.eventReadsItemTotals(input.event_name)
      const resolved =
        input.event_name === "messaging.lead.created"
          ? await resolveLeadEvent(container, input.data)
          : await resolveEventContext(container, input.event_name, input.data, { itemTotals })
      if (input.event_name === "order.updated" && (await updatedJustNow(messaging, resolved.order_id))) {
        throw new EventNotResolvable(
          `order ${resolved.order_id} was updated less than ${ORDER_UPDATE_BURST_S} s after its last update message`
        )
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
  const rows = await messaging.listMessagingMessages(
    { order_id: orderId, event_name: "order.updated", created_at: { $gte: since } } as any,
    { take: 1, select: ["id"] }
  )
  return rows.length > 0
}
