import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { normalizePhone } from "../../../../../modules/messaging/text"
import { resolveCustomer, siteOf } from "../../helpers/context"
import { likePattern } from "../../helpers/messages"
import { messagingFrom } from "../../helpers/service"
import type { CustomerMessagesQueryType } from "../../validators/messages"

const OPT_OUT_CHANNELS = ["sms", "viber"] as const

/** Phones on the customer's latest orders (guests often have none on the account). */
async function orderPhones(req: MedusaRequest, customerId: string): Promise<Array<{ phone: string; country: string | null }>> {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: ["id", "shipping_address.phone", "shipping_address.country_code", "billing_address.phone", "billing_address.country_code"],
    filters: { customer_id: customerId },
    pagination: { take: 20, skip: 0, order: { created_at: "DESC" } },
  })
  return data.flatMap((o: any) =>
    [o.shipping_address, o.billing_address].filter((a) => a?.phone).map((a) => ({ phone: a.phone as string, country: (a.country_code as string) ?? null }))
  )
}

/**
 * GET /admin/messaging/customers/:id — the customer's messages (outbound and inbound,
 * by customer id or by any of their phones: account, addresses, latest orders),
 * searchable, and the opt-out state of each phone per channel.
 */
export async function GET(req: MedusaRequest<unknown, CustomerMessagesQueryType>, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const { q, limit = 50, offset = 0 } = req.validatedQuery as CustomerMessagesQueryType
  const customer = await resolveCustomer(req.scope, req.params.id)
  const site = await siteOf(messaging, null)
  const raw = [
    { phone: customer.phone as string | null, country: null as string | null },
    ...(customer.addresses ?? []).map((a: any) => ({ phone: a.phone, country: a.country_code ?? null })),
    ...(await orderPhones(req, customer.id)),
  ].filter((p) => p.phone)
  const phones = [
    ...new Set(
      raw.flatMap((p) => {
        const r = normalizePhone(p.phone, { defaultRegion: site.default_region ?? p.country?.toUpperCase() ?? undefined })
        return r.ok ? [r.e164] : []
      })
    ),
  ]
  const who: Record<string, unknown>[] = [{ customer_id: customer.id }]
  if (phones.length) who.push({ recipient: phones })
  if (customer.email) who.push({ recipient: customer.email })
  const filters: Record<string, unknown> = { $or: who }
  if (q?.trim()) {
    const like = likePattern(q.trim())
    delete filters.$or
    filters.$and = [{ $or: who }, { $or: [{ body: { $ilike: like } }, { recipient: { $ilike: like } }] }]
  }
  const [messages, count] = await messaging.listAndCountMessagingMessages(filters, { skip: offset, take: limit, order: { created_at: "DESC" } })
  const optOuts = phones.length ? await messaging.listMessagingOptOuts({ phone: phones }) : []
  const opt_out_state = phones.map((phone) => {
    const own = optOuts.filter((o) => o.phone === phone)
    const all = own.find((o) => o.channel === "all")
    return {
      phone,
      channels: Object.fromEntries(
        OPT_OUT_CHANNELS.map((channel) => {
          const hit = all ?? own.find((o) => o.channel === channel)
          return [channel, hit ? { opted_out: true, id: hit.id, since: hit.created_at, source: hit.source, channel: hit.channel } : { opted_out: false }]
        })
      ),
    }
  })
  res.json({ customer: { id: customer.id, email: customer.email ?? null, phones }, messages, count, limit, offset, opt_outs: opt_out_state })
}
