/** The messaging module service as steps resolve it (by the module's key). */
import type { MedusaContainer } from "@medusajs/framework/types"
import { MESSAGING_MODULE } from "../modules/messaging"
import type MessagingModuleService from "../modules/messaging/service"

export function messagingOf(
  container: MedusaContainer | { resolve: MedusaContainer["resolve"] }
): MessagingModuleService {
  return container.resolve<MessagingModuleService>(MESSAGING_MODULE)
}

/** What a manual or bulk send hands to the outbox (the service's own input type). */
export type ManualSendInput = Parameters<MessagingModuleService["enqueueManualMessages"]>[0]
