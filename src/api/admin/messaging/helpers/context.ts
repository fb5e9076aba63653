/**
 * Macro data for previews and manual sends: a real order (through the notify
 * workflow's resolver), a customer, or the event's sample data.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { toMacroSite, type SiteSettings } from "../../../../modules/messaging/pipeline/site"
import { buildMacroVariables, sampleContextForEvent, type MacroContext } from "../../../../modules/messaging/text"
import {
  EventNotResolvable,
  resolveEventContext,
  type ResolvedEvent,
} from "../../../../workflows/notify/resolve-context"
import { notFound } from "./errors"
import type { Messaging } from "./service"

/** An order as the notify workflow sees it (order, customer, phones, sales channel); 404 when unknown. */
export async function resolveOrder(scope: MedusaContainer, orderId: string): Promise<ResolvedEvent> {
  try {
    return await resolveEventContext(scope, "order.placed", { id: orderId })
  } catch (e) {
    if (e instanceof EventNotResolvable) throw notFound("Order", orderId)
    throw e
  }
}

export async function resolveCustomer(scope: MedusaContainer, customerId: string): Promise<Record<string, any>> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "customer",
    fields: ["id", "first_name", "last_name", "email", "phone", "addresses.phone", "addresses.country_code"],
    filters: { id: customerId },
  })
  if (!data[0]) throw notFound("Customer", customerId)
  return JSON.parse(JSON.stringify(data[0]))
}

export interface VariablesInput {
  event_name: string
  site: SiteSettings
  /** Template locale (numbers, dates, wording); defaults to the site's. */
  locale?: string | null
  order?: ResolvedEvent | null
  customer?: Record<string, any> | null
  /** Fill what the real data lacks (tracking, payment…) with the event's sample data. */
  withSample?: boolean
}

export function macroVariables(input: VariablesInput) {
  const locale = input.locale ?? input.site.locale
  const sample: Partial<MacroContext> = input.withSample ? sampleContextForEvent(input.event_name, { locale }) : {}
  const context: MacroContext = {
    ...sample,
    ...(input.order?.context ?? {}),
    ...(input.customer ? { customer: input.customer } : {}),
    event: input.event_name,
    site: { ...toMacroSite(input.site), locale },
  }
  return buildMacroVariables(context)
}

/** The site of an order's (or a given) sales channel. */
export async function siteOf(messaging: Messaging, salesChannelId: string | null | undefined): Promise<SiteSettings> {
  await messaging.ensureInstalled()
  return messaging.siteFor(salesChannelId ?? null)
}
