import type { MedusaContainer } from "@medusajs/framework/types"
import { MESSAGING_MODULE } from "../modules/messaging"
import type MessagingModuleService from "../modules/messaging/service"

/** Sends what is due: retries, deferred (quiet hours) rows whose time came, anything an enqueue did not send. */
export default async function messagingDispatchJob(container: MedusaContainer) {
  await container.resolve<MessagingModuleService>(MESSAGING_MODULE).dispatchNow()
}

export const config = {
  name: "messaging-dispatch",
  schedule: { interval: 5_000 },
}
