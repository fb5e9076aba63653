import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resolveCustomer } from "../../helpers/context"
import { customerMessageFilters, customerPhones, optOutState } from "../../helpers/customer-messages"
import { messagingFrom } from "../../helpers/service"
import type { CustomerMessagesQueryType } from "../../validators/messages"

/**
 * GET /admin/messaging/customers/:id — the customer's messages (outbound and inbound,
 * by customer id or by any of their phones: account, addresses, latest orders),
 * searchable, and the opt-out state of each phone per channel.
 */
export async function GET(req: MedusaRequest<unknown, CustomerMessagesQueryType>, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const { q, limit = 50, offset = 0 } = req.validatedQuery as CustomerMessagesQueryType
  const customer = await resolveCustomer(req.scope, req.params.id)
  const phones = await customerPhones(req.scope, messaging, customer)
  const filters = customerMessageFilters(customer, phones, q)
  const [messages, count] = await messaging.listAndCountMessagingMessages(filters, {
    skip: offset,
    take: limit,
    order: { created_at: "DESC" },
  })
  const opt_outs = await optOutState(messaging, phones)
  res.json({
    customer: { id: customer.id, email: customer.email ?? null, phones },
    messages,
    count,
    limit,
    offset,
    opt_outs,
  })
}
