import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resolveOrder, siteOf } from "../../helpers/context"
import { orderPhones } from "../../helpers/order-phones"
import { messagingFrom } from "../../helpers/service"

/**
 * GET /admin/messaging/orders/:id — what the order page's "Send SMS" needs: the
 * order's phones (in the site's phone-source order, then the sources it leaves out), its
 * site and its message history.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const order = await resolveOrder(req.scope, req.params.id)
  const site = await siteOf(messaging, order.sales_channel_id)
  const phones = orderPhones(order, site)
  const [messages, count] = await messaging.listAndCountMessagingMessages(
    { order_id: order.order_id },
    { order: { created_at: "DESC" }, take: 100 }
  )
  res.json({
    order: {
      id: order.order_id,
      display_id: order.context.order?.display_id ?? null,
      sales_channel_id: order.sales_channel_id,
      customer_id: order.customer_id ?? null,
      email: order.context.order?.email ?? null,
    },
    site: {
      name: site.name,
      locale: site.locale,
      delivery_mode: site.delivery_mode,
      transliterate: site.transliterate,
    },
    phones,
    messages,
    count,
  })
}
