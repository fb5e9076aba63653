import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { MessagingNotificationProviderService } from "./service"

export default ModuleProvider(Modules.NOTIFICATION, {
  services: [MessagingNotificationProviderService],
})
