import type { MedusaContainer } from "@medusajs/framework/types"
import { MESSAGING_MODULE } from "../modules/messaging"
import type MessagingModuleService from "../modules/messaging/service"
import { deliverHeldAlerts } from "../workflows/notify/alert-delivery"

/**
 * Sends what is due: retries, deferred (quiet hours) rows whose time came, anything an
 * enqueue did not send; alert e-mails without an SMTP account go to the Notification Module.
 */
export default async function messagingDispatchJob(container: MedusaContainer) {
  await container.resolve<MessagingModuleService>(MESSAGING_MODULE).dispatchNow()
  await deliverHeldAlerts(container)
}

export const config = {
  name: "messaging-dispatch",
  schedule: { interval: 5_000 },
}
