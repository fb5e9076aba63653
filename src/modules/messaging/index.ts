import { Module } from "@medusajs/framework/utils"
import MessagingModuleService from "./service"
import validateOptionsLoader from "./loaders/validate-options"

export const MESSAGING_MODULE = "messaging"

export default Module(MESSAGING_MODULE, {
  service: MessagingModuleService,
  loaders: [validateOptionsLoader],
})

export { MessagingModuleService }
export * from "./types"
