import type { MedusaContainer } from "@medusajs/framework/types"
import { MESSAGING_MODULE } from "../modules/messaging"
import type MessagingModuleService from "../modules/messaging/service"

/** Stuck rows, delivery-status polling, Omni SMS fallbacks, health probes of unhealthy accounts, debug-log retention. */
export default async function messagingMaintenanceJob(container: MedusaContainer) {
  const result = await container.resolve<MessagingModuleService>(MESSAGING_MODULE).runMaintenance()
  if (Object.values(result).some((n) => n > 0))
    container.resolve("logger").debug(`messaging maintenance: ${JSON.stringify(result)}`)
}

export const config = {
  name: "messaging-maintenance",
  schedule: { interval: 30_000 },
}
