import { LEAD_MACRO_NAMES } from "../text/lead-macros"
import type { Audience } from "../types"

/**
 * Which macros each shop event offers, with the descriptions shown in the
 * admin next to the template editor. Names follow the BSG.World module
 * (`#ORDER_ID#`, `#PRICE#`, `#ORDER_LIST#`…) plus a few Medusa-specific ones.
 */

/** Medusa 2.21 events the plugin has templates for, plus "manual" (free text from the admin). */
export const SUPPORTED_EVENTS = [
  "order.placed",
  "order.updated",
  "order.canceled",
  "order.completed",
  "payment.captured",
  "payment.refunded",
  "order.fulfillment_created",
  "shipment.created",
  "delivery.created",
  "order.return_requested",
  "order.return_received",
  "order.claim_created",
  "order.exchange_created",
  "order-edit.requested",
  "order-edit.confirmed",
  "customer.created",
  "auth.password_reset",
  "messaging.lead.created",
  "manual",
] as const

/** Events only the shop's staff hear about: no customer template. */
export const STAFF_ONLY_EVENTS = ["messaging.lead.created"] as const satisfies readonly MessagingEvent[]

export type MessagingEvent = (typeof SUPPORTED_EVENTS)[number]

export interface MacroDefinition {
  name: string
  description: string
  /** What the macro typically renders to. */
  example: string
  /** "text" for `#MACRO#` values, "list" for arrays used in Liquid loops. */
  kind: "text" | "list"
}

const text = (name: string, description: string, example: string): MacroDefinition => ({
  name,
  description,
  example,
  kind: "text",
})

/** Every built-in macro. */
export const MACRO_DEFINITIONS = {
  ORDER_ID: text("ORDER_ID", "Order number as the customer sees it (Medusa display id)", "1042"),
  ORDER_DATE: text("ORDER_DATE", "Date the order was placed, in the site's locale and time zone", "14.03.2026"),
  CONTACT_PERSON: text(
    "CONTACT_PERSON",
    "Customer's full name from the shipping address (else billing address, customer account, e-mail)",
    "Olena Kovalenko"
  ),
  CUSTOMER_FIRST_NAME: text("CUSTOMER_FIRST_NAME", "Customer's first name", "Olena"),
  CUSTOMER_EMAIL: text("CUSTOMER_EMAIL", "Customer's e-mail address", "olena@example.com"),
  PHONE_TO: text(
    "PHONE_TO",
    "Customer's phone: shipping address, else billing address, else customer account",
    "+380671234567"
  ),
  PRICE: text("PRICE", "Order total, formatted in the order's currency and the site's locale", "$61.48"),
  ORDER_LIST: text(
    "ORDER_LIST",
    'Short item list that fits an SMS: "2x T-shirt, 1x Mug, +1 more"',
    "2x T-shirt, 1x Mug, +1 more"
  ),
  ORDER_URL: text(
    "ORDER_URL",
    "Link to the order in the customer's account on the storefront",
    "https://shop.example.com/account/orders/details/order_01"
  ),
  STATUS_NAME: text(
    "STATUS_NAME",
    "Name of the order's new status (e.g. Shipped, Delivered, Canceled), in the site's language",
    "Shipped"
  ),
  ORDER_CANCEL_DESCRIPTION: text(
    "ORDER_CANCEL_DESCRIPTION",
    "Reason for the cancellation (order metadata `cancel_reason`), empty if none",
    "Out of stock"
  ),
  PAYMENT_AMOUNT: text("PAYMENT_AMOUNT", "Captured payment amount, formatted", "$61.48"),
  REFUND_AMOUNT: text("REFUND_AMOUNT", "Refunded amount, formatted", "$19.99"),
  TRACKING_NUMBER: text("TRACKING_NUMBER", "Tracking number(s) of the shipment", "20450000123456"),
  TRACKING_URL: text("TRACKING_URL", "Link to track the shipment", "https://track.example.com/20450000123456"),
  CARRIER: text("CARRIER", "Delivery company", "Nova Poshta"),
  RETURN_ID: text("RETURN_ID", "Number of the return", "7"),
  CLAIM_ID: text("CLAIM_ID", "Number of the claim", "3"),
  EXCHANGE_ID: text("EXCHANGE_ID", "Number of the exchange", "4"),
  RESET_URL: text(
    "RESET_URL",
    "Password reset link for the customer (the token is inside the link, never shown separately)",
    "https://shop.example.com/reset-password?token=…"
  ),
  SITE_NAME: text("SITE_NAME", "Shop name (site settings)", "Demo Shop"),
  SERVER_NAME: text("SERVER_NAME", "Shop's host name (site settings)", "shop.example.com"),
  DEFAULT_EMAIL_FROM: text("DEFAULT_EMAIL_FROM", "Shop's sender e-mail address (site settings)", "shop@example.com"),
  LEAD_ID: text("LEAD_ID", "Id of the lead from the website", "lead_01JEXAMPLE"),
  LEAD_SUBJECT: text("LEAD_SUBJECT", "Subject the website gave the lead", "Order 123 of 01.06.2019"),
  LEAD_DESCRIPTION: text("LEAD_DESCRIPTION", "Description the website sent", "Banner 2x2 m with eyelets"),
  LEAD_SOURCE: text("LEAD_SOURCE", "Name of the collector the lead came through", "Website orders"),
  LEAD_TAX_ID: text("LEAD_TAX_ID", "Tax id (INN) of the counterparty, if sent", "7709745454"),
  LEAD_ITEMS: text("LEAD_ITEMS", "Short list of the lead's lines", "2x Roll-up, 2x Delivery"),
  LEAD_TOTAL: text("LEAD_TOTAL", "Sum of the lead's lines", "2000"),
  LEAD_ERRORS: text("LEAD_ERRORS", "How many fields could not be read (empty when none)", "1"),
  LEAD_URL: text("LEAD_URL", "Link to the lead in the admin", "https://shop.example.com/app/settings/messaging"),
  items: {
    name: "items",
    description:
      "Order lines for Liquid loops, e.g. {% for item in items %}{{ item.quantity }}x {{ item.title }}{% endfor %}. " +
      "Each line has title, variant_title, quantity, unit_price and total (formatted), unit_price_amount and total_amount (numbers)",
    example: '[{ title: "T-shirt", quantity: 2, unit_price: "$19.99", total: "$39.98" }]',
    kind: "list",
  },
} as const satisfies Record<string, MacroDefinition>

export type MacroName = keyof typeof MACRO_DEFINITIONS

export interface EventDefinition {
  event: MessagingEvent
  label: string
  description: string
  macros: readonly MacroName[]
  audiences: readonly Audience[]
  /** Critical messages ignore quiet hours. */
  critical: boolean
}

const SITE: readonly MacroName[] = ["SITE_NAME", "SERVER_NAME", "DEFAULT_EMAIL_FROM"]
const CUSTOMER: readonly MacroName[] = ["CONTACT_PERSON", "CUSTOMER_FIRST_NAME", "CUSTOMER_EMAIL", "PHONE_TO"]
const ORDER: readonly MacroName[] = [
  "ORDER_ID",
  "ORDER_DATE",
  "PRICE",
  "ORDER_LIST",
  "ORDER_URL",
  "STATUS_NAME",
  "items",
  ...CUSTOMER,
  ...SITE,
]
const SHIPPING: readonly MacroName[] = ["TRACKING_NUMBER", "TRACKING_URL", "CARRIER"]
const LEAD: readonly MacroName[] = [...LEAD_MACRO_NAMES, "CONTACT_PERSON", "CUSTOMER_EMAIL", "PHONE_TO", ...SITE]
const EVERYONE: readonly Audience[] = ["customer", "admin", "staff"]
const CUSTOMER_ONLY: readonly Audience[] = ["customer"]

function define(
  event: MessagingEvent,
  label: string,
  description: string,
  macros: readonly MacroName[],
  audiences: readonly Audience[],
  critical = false
): EventDefinition {
  return { event, label, description, macros: [...new Set(macros)], audiences, critical }
}

/** Every supported event: label, macros and the audiences a template makes sense for. */
export const EVENT_CATALOGUE: Readonly<Record<MessagingEvent, EventDefinition>> = {
  "order.placed": define("order.placed", "New order", "A customer placed an order", ORDER, EVERYONE),
  "order.updated": define("order.updated", "Order updated", "The order was changed", ORDER, CUSTOMER_ONLY),
  "order.canceled": define(
    "order.canceled",
    "Order canceled",
    "The order was canceled",
    [...ORDER, "ORDER_CANCEL_DESCRIPTION"],
    EVERYONE
  ),
  "order.completed": define("order.completed", "Order completed", "The order was completed", ORDER, EVERYONE),
  "payment.captured": define(
    "payment.captured",
    "Order paid",
    "A payment for the order was captured",
    [...ORDER, "PAYMENT_AMOUNT"],
    EVERYONE
  ),
  "payment.refunded": define(
    "payment.refunded",
    "Payment refunded",
    "Money was refunded to the customer",
    [...ORDER, "REFUND_AMOUNT"],
    EVERYONE
  ),
  "order.fulfillment_created": define(
    "order.fulfillment_created",
    "Order packed",
    "Items were packed for shipping (fulfillment created)",
    [...ORDER, ...SHIPPING],
    CUSTOMER_ONLY
  ),
  "shipment.created": define(
    "shipment.created",
    "Order shipped",
    "The parcel was handed to the carrier",
    [...ORDER, ...SHIPPING],
    EVERYONE
  ),
  "delivery.created": define(
    "delivery.created",
    "Order delivered",
    "The parcel was delivered",
    [...ORDER, ...SHIPPING],
    EVERYONE
  ),
  "order.return_requested": define(
    "order.return_requested",
    "Return requested",
    "A return was requested for the order",
    [...ORDER, "RETURN_ID"],
    EVERYONE
  ),
  "order.return_received": define(
    "order.return_received",
    "Return received",
    "Returned items arrived at the shop",
    [...ORDER, "RETURN_ID", "REFUND_AMOUNT"],
    CUSTOMER_ONLY
  ),
  "order.claim_created": define(
    "order.claim_created",
    "Claim created",
    "A claim (replacement or refund for a problem) was created",
    [...ORDER, "CLAIM_ID"],
    EVERYONE
  ),
  "order.exchange_created": define(
    "order.exchange_created",
    "Exchange created",
    "An exchange was created for the order",
    [...ORDER, "EXCHANGE_ID"],
    EVERYONE
  ),
  "order-edit.requested": define(
    "order-edit.requested",
    "Order change requested",
    "The shop proposed changes to the order",
    ORDER,
    EVERYONE
  ),
  "order-edit.confirmed": define(
    "order-edit.confirmed",
    "Order change confirmed",
    "Changes to the order were confirmed",
    ORDER,
    CUSTOMER_ONLY
  ),
  "customer.created": define(
    "customer.created",
    "Customer registered",
    "A customer account was created",
    [...CUSTOMER, ...SITE],
    EVERYONE
  ),
  "auth.password_reset": define(
    "auth.password_reset",
    "Password reset",
    "A customer asked to reset the password",
    ["RESET_URL", ...CUSTOMER, ...SITE],
    CUSTOMER_ONLY,
    true
  ),
  "messaging.lead.created": define(
    "messaging.lead.created",
    "New lead",
    "A website sent a contact or an order (Intake: HTTP or mailbox collector)",
    LEAD,
    ["admin", "staff"]
  ),
  manual: define(
    "manual",
    "Manual message",
    "Free text sent from the admin (order or customer page)",
    ORDER,
    CUSTOMER_ONLY
  ),
}

/** Whether an event name is one of {@link SUPPORTED_EVENTS}. */
export function isSupportedEvent(event: string): event is MessagingEvent {
  return Object.prototype.hasOwnProperty.call(EVENT_CATALOGUE, event)
}

/** Macros available for an event. Unknown events (custom rules) get the site macros only. */
export function macrosForEvent(event: string): MacroDefinition[] {
  const names = isSupportedEvent(event) ? EVENT_CATALOGUE[event].macros : SITE
  return names.map((name) => MACRO_DEFINITIONS[name])
}
