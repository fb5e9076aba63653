/** What the customer page shows: the customer's phones, their messages and the opt-out state of each phone. */
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { normalizePhone } from "../../../../modules/messaging/phones/phone-number"
import { siteOf } from "./context"
import { likePattern } from "./messages"
import type { Messaging } from "./service"

const OPT_OUT_CHANNELS = ["sms", "viber"] as const

/** Phones on the customer's latest orders (guests often have none on the account). */
async function orderPhones(
  scope: MedusaContainer,
  customerId: string
): Promise<Array<{ phone: string; country: string | null }>> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "shipping_address.phone",
      "shipping_address.country_code",
      "billing_address.phone",
      "billing_address.country_code",
    ],
    filters: { customer_id: customerId },
    pagination: { take: 20, skip: 0, order: { created_at: "DESC" } },
  })
  return data.flatMap((o: any) =>
    [o.shipping_address, o.billing_address]
      .filter((a) => a?.phone)
      .map((a) => ({ phone: a.phone as string, country: (a.country_code as string) ?? null }))
  )
}

/** The customer's phones in E.164: account, addresses, latest orders (parsed with the global site's region). */
export async function customerPhones(
  scope: MedusaContainer,
  messaging: Messaging,
  customer: Record<string, any>
): Promise<string[]> {
  const site = await siteOf(messaging, null)
  const raw = [
    { phone: customer.phone as string | null, country: null as string | null },
    ...(customer.addresses ?? []).map((a: any) => ({ phone: a.phone, country: a.country_code ?? null })),
    ...(await orderPhones(scope, customer.id)),
  ].filter((p) => p.phone)
  return [
    ...new Set(
      raw.flatMap((p) => {
        const r = normalizePhone(p.phone, {
          defaultRegion: site.default_region ?? p.country?.toUpperCase() ?? undefined,
        })
        return r.ok ? [r.e164] : []
      })
    ),
  ]
}

/** Messages to or from the customer (by id, any of their phones or their e-mail), optionally matching `q`. */
export function customerMessageFilters(
  customer: Record<string, any>,
  phones: string[],
  q?: string
): Record<string, unknown> {
  const who: Record<string, unknown>[] = [{ customer_id: customer.id }]
  if (phones.length) who.push({ recipient: phones })
  if (customer.email) who.push({ recipient: customer.email })
  if (!q?.trim()) return { $or: who }
  const like = likePattern(q.trim())
  return { $and: [{ $or: who }, { $or: [{ body: { $ilike: like } }, { recipient: { $ilike: like } }] }] }
}

/** Per phone and channel: opted out (since when, how, which channel) or not. */
export async function optOutState(messaging: Messaging, phones: string[]) {
  const optOuts = phones.length ? await messaging.listMessagingOptOuts({ phone: phones }) : []
  return phones.map((phone) => {
    const own = optOuts.filter((o) => o.phone === phone)
    const all = own.find((o) => o.channel === "all")
    return {
      phone,
      channels: Object.fromEntries(
        OPT_OUT_CHANNELS.map((channel) => {
          const hit = all ?? own.find((o) => o.channel === channel)
          return [
            channel,
            hit
              ? { opted_out: true, id: hit.id, since: hit.created_at, source: hit.source, channel: hit.channel }
              : { opted_out: false },
          ]
        })
      ),
    }
  })
}
