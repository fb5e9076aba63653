/**
 * Who a bulk send goes to: a customer group, customers who ordered in a date range
 * (optionally from one sales channel), or a pasted list. Returns raw phones with the
 * country they came with; normalizing and opt-outs happen in the plan.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { CampaignAudienceInput } from "../validators/messages"
import { invalidField } from "./errors"
import { splitPastedList } from "./phones"

export interface AudienceEntry {
  phone: string
  country?: string | null
  customer_id?: string | null
}

/** Upper bound of recipients one campaign may have. */
export const MAX_CAMPAIGN_RECIPIENTS = 50_000

type Query = { graph: (q: Record<string, unknown>) => Promise<{ data: any[] }> }

export async function audienceEntries(
  scope: MedusaContainer,
  audience: CampaignAudienceInput
): Promise<AudienceEntry[]> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY) as unknown as Query
  switch (audience.type) {
    case "list": {
      if (!audience.phones?.trim()) throw invalidField("audience.phones", "is required for a pasted list")
      const phones = splitPastedList(audience.phones)
      if (phones.length > MAX_CAMPAIGN_RECIPIENTS)
        throw invalidField("audience.phones", `has more than ${MAX_CAMPAIGN_RECIPIENTS} numbers`)
      return phones.map((phone) => ({ phone }))
    }
    case "customer_group": {
      if (!audience.customer_group_id)
        throw invalidField("audience.customer_group_id", "is required for a customer group")
      const { data } = await query.graph({
        entity: "customer_group",
        fields: [
          "id",
          "customers.id",
          "customers.phone",
          "customers.addresses.phone",
          "customers.addresses.country_code",
        ],
        filters: { id: audience.customer_group_id },
      })
      if (!data[0])
        throw invalidField("audience.customer_group_id", `"${audience.customer_group_id}" is not a customer group`)
      return (data[0].customers ?? []).flatMap((c: any) => {
        const address = (c.addresses ?? []).find((a: any) => a?.phone)
        const phone = c.phone || address?.phone
        return phone
          ? [{ phone, country: address?.country_code ?? null, customer_id: c.id }]
          : [{ phone: "", customer_id: c.id }]
      })
    }
    case "orders": {
      if (!audience.from) throw invalidField("audience.from", "is required for customers who ordered in a date range")
      if (!audience.to) throw invalidField("audience.to", "is required for customers who ordered in a date range")
      if (audience.to < audience.from) throw invalidField("audience.to", "must not be before audience.from")
      const filters: Record<string, unknown> = { created_at: { $gte: audience.from, $lte: audience.to } }
      if (audience.sales_channel_id) filters.sales_channel_id = audience.sales_channel_id
      const { data } = await query.graph({
        entity: "order",
        fields: [
          "id",
          "customer_id",
          "shipping_address.phone",
          "shipping_address.country_code",
          "billing_address.phone",
          "billing_address.country_code",
          "customer.phone",
        ],
        filters,
        pagination: { take: MAX_CAMPAIGN_RECIPIENTS, skip: 0, order: { created_at: "DESC" } },
      })
      return data.map((o: any) => ({
        phone: o.shipping_address?.phone || o.billing_address?.phone || o.customer?.phone || "",
        country: o.shipping_address?.country_code ?? o.billing_address?.country_code ?? null,
        customer_id: o.customer_id ?? null,
      }))
    }
  }
}
