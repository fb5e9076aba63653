import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { MESSAGING_MODULE } from "../modules/messaging"
import type MessagingModuleService from "../modules/messaging/service"

/** The Notification Module provider wrote an outbox row: send it now rather than at the next tick. */
export default async function messagingDispatchRequested({ container }: SubscriberArgs<{ id: string }>) {
  container.resolve<MessagingModuleService>(MESSAGING_MODULE).scheduleDispatch()
}

export const config: SubscriberConfig = {
  event: "messaging.dispatch_requested",
  context: { subscriberId: "messaging-dispatch-requested" },
}
