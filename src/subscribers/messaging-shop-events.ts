import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { SUPPORTED_EVENTS } from "../modules/messaging/events/catalogue"
import { notifyEventWorkflow } from "../workflows/notify-event"

/** The shop events the plugin has templates for (the catalogue's events, less "manual"). */
export const MESSAGING_SHOP_EVENTS: string[] = SUPPORTED_EVENTS.filter((e) => e !== "manual")

/** Thin: every supported shop event runs the notify workflow. */
export default async function messagingShopEventsHandler({ event, container }: SubscriberArgs<Record<string, any>>) {
  await notifyEventWorkflow(container).run({ input: { event_name: event.name, data: event.data ?? {} } })
}

export const config: SubscriberConfig = {
  event: MESSAGING_SHOP_EVENTS,
  context: { subscriberId: "messaging-shop-events" },
}
