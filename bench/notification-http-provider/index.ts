import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { BenchHttpNotificationProvider } from "./service"

export default ModuleProvider(Modules.NOTIFICATION, {
  services: [BenchHttpNotificationProvider],
})
