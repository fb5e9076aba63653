import { defineLink } from "@medusajs/framework/utils"
import OrderModule from "@medusajs/medusa/order"
import MessagingModule from "../modules/messaging"

/** Read-only: lets Query join a message to its order through messaging_message.order_id. */
export default defineLink(
  { linkable: MessagingModule.linkable.messagingMessage.id, field: "order_id" },
  OrderModule.linkable.order,
  { readOnly: true }
)
