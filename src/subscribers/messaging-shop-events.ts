import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notifyEventWorkflow } from "../workflows/notify-event"

/** The shop events the plugin has templates for. */
export const MESSAGING_SHOP_EVENTS = [
  "order.placed",
  "order.updated",
  "order.canceled",
  "order.completed",
  "payment.captured",
  "payment.refunded",
  "order.fulfillment_created",
  "shipment.created",
  "delivery.created",
  "order.return_requested",
  "order.return_received",
  "order.claim_created",
  "order.exchange_created",
  "order-edit.requested",
  "order-edit.confirmed",
  "customer.created",
  "auth.password_reset",
]

/** Thin: every supported shop event runs the notify workflow. */
export default async function messagingShopEventsHandler({ event, container }: SubscriberArgs<Record<string, any>>) {
  await notifyEventWorkflow(container).run({ input: { event_name: event.name, data: event.data ?? {} } })
}

export const config: SubscriberConfig = {
  event: MESSAGING_SHOP_EVENTS,
  context: { subscriberId: "messaging-shop-events" },
}
