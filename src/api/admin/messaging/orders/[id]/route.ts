import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DEFAULT_PHONE_SOURCES, orderPhoneCandidates } from "../../../../../modules/messaging/pipeline/phone-sources"
import { phoneOptions } from "../../../../../modules/messaging/pipeline/site"
import { normalizePhone } from "../../../../../modules/messaging/phones/phone-number"
import { resolveOrder, siteOf } from "../../helpers/context"
import { messagingFrom } from "../../helpers/service"

/**
 * GET /admin/messaging/orders/:id — what the order page's "Send SMS" needs: the
 * order's phones (in the site's phone-source order, then the sources it leaves out), its
 * site and its message history.
 */
const LABELS: Record<string, string> = {
  shipping: "shipping_address",
  billing: "billing_address",
  customer: "customer",
}

export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const order = await resolveOrder(req.scope, req.params.id)
  const site = await siteOf(messaging, order.sales_channel_id)
  const seen = new Set<string>()
  const preferred = orderPhoneCandidates(order.customer_phones, site.phone_sources ?? DEFAULT_PHONE_SOURCES)
  const candidates = [...preferred, ...order.customer_phones.filter((c) => !preferred.includes(c))]
  const phones = candidates.flatMap((candidate) => {
    if (!candidate.phone) return []
    const parsed = normalizePhone(candidate.phone, phoneOptions(site, candidate.country))
    const value = parsed.ok ? parsed.e164 : candidate.phone
    if (seen.has(value)) return []
    seen.add(value)
    return [
      {
        source: (candidate.source && LABELS[candidate.source]) ?? "other",
        phone: value,
        raw: candidate.phone,
        valid: parsed.ok,
        problem: parsed.ok ? null : parsed.message,
      },
    ]
  })
  const [messages, count] = await messaging.listAndCountMessagingMessages(
    { order_id: order.order_id },
    { order: { created_at: "DESC" }, take: 100 }
  )
  res.json({
    order: {
      id: order.order_id,
      display_id: (order.context.order as any)?.display_id ?? null,
      sales_channel_id: order.sales_channel_id,
      customer_id: order.customer_id ?? null,
      email: (order.context.order as any)?.email ?? null,
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
