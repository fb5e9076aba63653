import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import MessagingModule from "../modules/messaging"

/** Read-only: lets Query join a message to its customer through messaging_message.customer_id. */
export default defineLink(
  { linkable: MessagingModule.linkable.messagingMessage.id, field: "customer_id" },
  CustomerModule.linkable.customer,
  { readOnly: true }
)
