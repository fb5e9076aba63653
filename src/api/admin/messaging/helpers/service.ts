/** The messaging module service as the admin routes resolve it. */
import type { MedusaContainer } from "@medusajs/framework/types"
import type { MessagingModuleService } from "../../../../modules/messaging"

export const MESSAGING_MODULE = "messaging"

export type Messaging = MessagingModuleService

export function messagingFrom(scope: MedusaContainer): Messaging {
  return scope.resolve(MESSAGING_MODULE) as Messaging
}
