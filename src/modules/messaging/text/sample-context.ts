import type { MacroContext, MacroOrder } from "./macros"

/**
 * Built-in sample data for template previews and validation: an order of
 * three lines, a shipped parcel, a payment and a refund, a return, a claim,
 * an exchange and a password-reset token — whatever the event needs.
 */

export interface SampleOptions {
  /** Site locale of the sample ("en-US" by default); ru/uk samples use RUB/UAH. */
  locale?: string
}

const CURRENCY_BY_LANGUAGE: Record<string, string> = { en: "usd", uk: "uah", ru: "rub" }

/** Sample context for an event (unknown events get the order sample too). */
export function sampleContextForEvent(event: string, options: SampleOptions = {}): MacroContext {
  const locale = options.locale ?? "en-US"
  const currency = CURRENCY_BY_LANGUAGE[locale.slice(0, 2).toLowerCase()] ?? "usd"
  const context: MacroContext = {
    event,
    site: {
      name: "Demo Shop",
      url: "https://shop.example.com",
      locale,
      email_from: "shop@example.com",
      time_zone: "Europe/Kyiv",
    },
    customer: {
      id: "cus_01SAMPLE",
      first_name: "Olena",
      last_name: "Kovalenko",
      email: "olena@example.com",
      phone: "+380671234567",
    },
  }
  if (event === "customer.created") return context
  if (event === "messaging.lead.created") {
    return {
      ...context,
      customer: null,
      lead: {
        id: "lead_01SAMPLE",
        subject: "Order 123 of 01.06.2019",
        description: "Banner 2x2 m with eyelets every 30 cm",
        source: "Website orders",
        tax_id: "7709745454",
        contact_person: "Olena Kovalenko",
        phone: "+380671234567",
        email: "olena@example.com",
        lines: [
          { name: "Roll-up", quantity: 2, price: 500, sum: 1000 },
          { name: "Delivery", quantity: 2, price: 500, sum: 1000 },
        ],
        currency_code: currency,
        errors_count: 1,
        url: "https://shop.example.com/app/settings/messaging?tab=intake&lead=lead_01SAMPLE",
      },
    }
  }
  if (event === "auth.password_reset") {
    return { ...context, reset: { token: "sample-reset-token", email: "olena@example.com" } }
  }
  const order = sampleOrder(event, currency)
  return {
    ...context,
    order,
    fulfillment: {
      id: "ful_01SAMPLE",
      labels: [{ tracking_number: "20450000123456", tracking_url: "https://track.example.com/20450000123456" }],
      provider_id: "nova-poshta_nova-poshta",
    },
    payment: { amount: order.total, currency_code: currency },
    refund: { amount: 19.99, currency_code: currency },
    return: { id: "ret_01SAMPLE", display_id: 7, refund_amount: 19.99 },
    claim: { id: "claim_01SAMPLE", display_id: 3 },
    exchange: { id: "exc_01SAMPLE", display_id: 4 },
  }
}

function sampleOrder(event: string, currency: string): MacroOrder & { total: number } {
  return {
    id: "order_01SAMPLE",
    display_id: 1042,
    created_at: "2026-03-14T10:25:00.000Z",
    currency_code: currency,
    total: 61.48,
    email: "olena@example.com",
    status: event === "order.canceled" ? "canceled" : event === "order.completed" ? "completed" : "pending",
    canceled_at: event === "order.canceled" ? "2026-03-15T08:00:00.000Z" : null,
    metadata: event === "order.canceled" ? { cancel_reason: "Out of stock" } : {},
    items: [
      { title: "T-shirt", variant_title: "M / Black", quantity: 2, unit_price: 19.99, total: 39.98 },
      { title: "Mug", variant_title: null, quantity: 1, unit_price: 9.5, total: 9.5 },
      { title: "Socks", variant_title: "Pack of 3", quantity: 1, unit_price: { numeric: 12 }, total: "12" },
    ],
    shipping_address: {
      first_name: "Olena",
      last_name: "Kovalenko",
      phone: "+380671234567",
      city: "Kyiv",
      country_code: "ua",
    },
    billing_address: null,
  }
}
