import { formatMoney, normalizeLocale, toAmount } from "../money/amounts"
import type { AmountLike } from "../money/amounts"
import { formatOrderList } from "./order-list"

export { flattenEntityMacros, mergeEntityVariables, toMacroSegment } from "./entity-macros"
export type { EntityMacros } from "./entity-macros"
export { sampleContextForEvent } from "./sample-context"

/**
 * Macro values from plain data. The glue layer resolves the order, fulfilment,
 * payment… with Medusa's Query and passes them here as plain objects; this
 * module only formats.
 */

export interface MacroAddress {
  first_name?: string | null
  last_name?: string | null
  phone?: string | null
  company?: string | null
  address_1?: string | null
  city?: string | null
  postal_code?: string | null
  country_code?: string | null
}

export interface MacroCustomer {
  id?: string | null
  first_name?: string | null
  last_name?: string | null
  email?: string | null
  phone?: string | null
}

export interface MacroLineItem {
  title?: string | null
  product_title?: string | null
  variant_title?: string | null
  quantity?: AmountLike
  unit_price?: AmountLike
  total?: AmountLike
}

export interface MacroOrder {
  id?: string | null
  display_id?: number | string | null
  created_at?: string | Date | null
  currency_code?: string | null
  total?: AmountLike
  items?: MacroLineItem[] | null
  email?: string | null
  customer?: MacroCustomer | null
  shipping_address?: MacroAddress | null
  billing_address?: MacroAddress | null
  status?: string | null
  canceled_at?: string | Date | null
  metadata?: Record<string, unknown> | null
}

export interface MacroFulfillment {
  id?: string | null
  labels?: Array<{ tracking_number?: string | null; tracking_url?: string | null }> | null
  provider_id?: string | null
  provider?: { id?: string | null; name?: string | null } | null
  /** Display name of the carrier when the glue layer knows it better than the provider id. */
  carrier?: string | null
}

export interface MacroSite {
  name: string
  /** Storefront base URL, e.g. "https://shop.example.com". */
  url: string
  /** BCP 47 locale for numbers, dates and wording, e.g. "uk-UA". */
  locale: string
  email_from: string
  time_zone: string
  /** Order page pattern with `{id}` / `{display_id}`; default `<url>/account/orders/details/{id}`. */
  order_url?: string | null
  /** Reset page pattern with `{token}` / `{email}`; default `<url>/reset-password?token={token}&email={email}`. */
  reset_password_url?: string | null
}

export interface MacroContext {
  event: string
  order?: MacroOrder | null
  fulfillment?: MacroFulfillment | null
  payment?: { amount?: AmountLike; currency_code?: string | null } | null
  refund?: { amount?: AmountLike; currency_code?: string | null } | null
  return?: { id?: string | null; display_id?: number | string | null; refund_amount?: AmountLike } | null
  claim?: { id?: string | null; display_id?: number | string | null } | null
  exchange?: { id?: string | null; display_id?: number | string | null } | null
  customer?: MacroCustomer | null
  /** `auth.password_reset`: a ready link, or the token to build one. */
  reset?: { url?: string | null; token?: string | null; email?: string | null } | null
  site: MacroSite
  /** Extra variables (e.g. flattened entity macros); built-in macros win on a name clash. */
  extra?: Record<string, unknown> | null
}

export interface MacroItemVariables {
  title: string
  variant_title: string
  quantity: number
  unit_price: string
  total: string
  unit_price_amount: number | null
  total_amount: number | null
}

/** The variables a template is rendered with. Every text macro is a string ("" when unknown). */
export type MacroVariables = Record<string, unknown> & { items: MacroItemVariables[] }

/** Builds the template variables for a context. */
export function buildMacroVariables(context: MacroContext): MacroVariables {
  const { order, site } = context
  const locale = normalizeLocale(site.locale)
  const currency = order?.currency_code ?? context.payment?.currency_code ?? null
  const customer = context.customer ?? order?.customer ?? null
  const money = (amount: unknown, code?: string | null) => formatMoney(amount, code ?? currency, locale)
  const variables: MacroVariables = {
    ORDER_ID: text(order?.display_id ?? order?.id),
    ORDER_DATE: formatDate(order?.created_at, locale, site.time_zone),
    CONTACT_PERSON: contactPerson(order, customer),
    CUSTOMER_FIRST_NAME: text(
      customer?.first_name || order?.shipping_address?.first_name || order?.billing_address?.first_name
    ),
    CUSTOMER_EMAIL: text(order?.email || customer?.email || context.reset?.email),
    PHONE_TO: text(order?.shipping_address?.phone || order?.billing_address?.phone || customer?.phone),
    PRICE: money(order?.total),
    ORDER_LIST: formatOrderList(order?.items, { locale }),
    ORDER_URL: order ? orderUrl(site, order) : "",
    STATUS_NAME: statusName(context.event, order?.status, locale),
    ORDER_CANCEL_DESCRIPTION: cancelDescription(order, context.extra),
    PAYMENT_AMOUNT: money(context.payment?.amount, context.payment?.currency_code),
    REFUND_AMOUNT: money(context.refund?.amount ?? context.return?.refund_amount, context.refund?.currency_code),
    TRACKING_NUMBER: trackingNumbers(context.fulfillment),
    TRACKING_URL: text(context.fulfillment?.labels?.find((label) => label?.tracking_url)?.tracking_url),
    CARRIER: carrierName(context.fulfillment),
    RETURN_ID: text(context.return?.display_id ?? context.return?.id),
    CLAIM_ID: text(context.claim?.display_id ?? context.claim?.id),
    EXCHANGE_ID: text(context.exchange?.display_id ?? context.exchange?.id),
    RESET_URL: resetUrl(site, context.reset, order?.email || customer?.email),
    SITE_NAME: text(site.name),
    SERVER_NAME: hostName(site.url),
    DEFAULT_EMAIL_FROM: text(site.email_from),
    items: (order?.items ?? []).map((item) => lineItem(item, money)),
  }
  for (const [key, value] of Object.entries(context.extra ?? {})) {
    if (!(key in variables)) variables[key] = value
  }
  return variables
}

function text(value: unknown): string {
  if (value === null || value === undefined) return ""
  return String(value).trim()
}

function lineItem(item: MacroLineItem, money: (amount: unknown) => string): MacroItemVariables {
  return {
    title: text(item.title || item.product_title),
    variant_title: text(item.variant_title),
    quantity: toAmount(item.quantity) ?? 0,
    unit_price: money(item.unit_price),
    total: money(item.total),
    unit_price_amount: toAmount(item.unit_price),
    total_amount: toAmount(item.total),
  }
}

function fullName(person: { first_name?: string | null; last_name?: string | null } | null | undefined): string {
  return [person?.first_name, person?.last_name].map(text).filter(Boolean).join(" ")
}

function contactPerson(order: MacroOrder | null | undefined, customer: MacroCustomer | null): string {
  return (
    fullName(order?.shipping_address) ||
    fullName(order?.billing_address) ||
    fullName(customer) ||
    text(order?.email || customer?.email)
  )
}

function formatDate(value: string | Date | null | undefined, locale: string, timeZone: string): string {
  if (!value) return ""
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return ""
  const options: Intl.DateTimeFormatOptions = { year: "numeric", month: "2-digit", day: "2-digit" }
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(date)
  } catch {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" }).format(date)
  }
}

function hostName(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return text(url)
      .replace(/^[a-z]+:\/\//i, "")
      .replace(/\/.*$/, "")
  }
}

function baseUrl(url: string): string {
  return text(url).replace(/\/+$/, "")
}

function orderUrl(site: MacroSite, order: MacroOrder): string {
  const id = text(order.id)
  const displayId = text(order.display_id)
  if (site.order_url) {
    return site.order_url
      .replace(/\{id\}/g, encodeURIComponent(id))
      .replace(/\{display_id\}/g, encodeURIComponent(displayId))
  }
  return id
    ? `${baseUrl(site.url)}/account/orders/details/${encodeURIComponent(id)}`
    : `${baseUrl(site.url)}/account/orders`
}

function resetUrl(site: MacroSite, reset: MacroContext["reset"], fallbackEmail: string | null | undefined): string {
  if (reset?.url) return text(reset.url)
  const token = text(reset?.token)
  if (!token) return ""
  const email = text(reset?.email || fallbackEmail)
  const pattern = site.reset_password_url || `${baseUrl(site.url)}/reset-password?token={token}&email={email}`
  return pattern.replace(/\{token\}/g, encodeURIComponent(token)).replace(/\{email\}/g, encodeURIComponent(email))
}

function cancelDescription(
  order: MacroOrder | null | undefined,
  extra: Record<string, unknown> | null | undefined
): string {
  const candidates = [order?.metadata?.cancel_reason, order?.metadata?.cancel_description, extra?.cancel_reason]
  const found = candidates.find((value) => typeof value === "string" && value.trim() !== "")
  return text(found)
}

function trackingNumbers(fulfillment: MacroFulfillment | null | undefined): string {
  const numbers = (fulfillment?.labels ?? []).map((label) => text(label?.tracking_number)).filter(Boolean)
  return [...new Set(numbers)].join(", ")
}

/** "manual_manual" → "Manual", "nova-poshta_nova-poshta" → "Nova Poshta". */
function carrierName(fulfillment: MacroFulfillment | null | undefined): string {
  const explicit = text(fulfillment?.carrier || fulfillment?.provider?.name)
  if (explicit) return explicit
  const id = text(fulfillment?.provider_id ?? fulfillment?.provider?.id).replace(/^fp_/, "")
  if (!id) return ""
  const parts = [...new Set(id.split("_").filter(Boolean))]
  return parts
    .map((part) =>
      part
        .split(/[-\s]+/)
        .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
        .join(" ")
    )
    .join(" ")
}

type StatusKey =
  | "pending"
  | "completed"
  | "canceled"
  | "draft"
  | "archived"
  | "requires_action"
  | "packed"
  | "shipped"
  | "delivered"
  | "paid"
  | "refunded"
  | "return_requested"
  | "return_received"
  | "claim_created"
  | "exchange_created"
  | "edit_requested"
  | "edit_confirmed"
  | "updated"

const STATUS_LABELS: Record<"en" | "ru" | "uk", Record<StatusKey, string>> = {
  en: {
    pending: "Pending",
    completed: "Completed",
    canceled: "Canceled",
    draft: "Draft",
    archived: "Archived",
    requires_action: "Action required",
    packed: "Packed",
    shipped: "Shipped",
    delivered: "Delivered",
    paid: "Paid",
    refunded: "Refunded",
    return_requested: "Return requested",
    return_received: "Return received",
    claim_created: "Claim opened",
    exchange_created: "Exchange opened",
    edit_requested: "Changes proposed",
    edit_confirmed: "Changes confirmed",
    updated: "Updated",
  },
  ru: {
    pending: "Принят",
    completed: "Выполнен",
    canceled: "Отменён",
    draft: "Черновик",
    archived: "В архиве",
    requires_action: "Требует действий",
    packed: "Собран",
    shipped: "Отправлен",
    delivered: "Доставлен",
    paid: "Оплачен",
    refunded: "Возврат средств",
    return_requested: "Запрошен возврат",
    return_received: "Возврат получен",
    claim_created: "Открыта претензия",
    exchange_created: "Оформлен обмен",
    edit_requested: "Предложены изменения",
    edit_confirmed: "Изменения подтверждены",
    updated: "Обновлён",
  },
  uk: {
    pending: "Прийнято",
    completed: "Виконано",
    canceled: "Скасовано",
    draft: "Чернетка",
    archived: "В архіві",
    requires_action: "Потребує дій",
    packed: "Зібрано",
    shipped: "Відправлено",
    delivered: "Доставлено",
    paid: "Оплачено",
    refunded: "Кошти повернено",
    return_requested: "Запит на повернення",
    return_received: "Повернення отримано",
    claim_created: "Відкрито претензію",
    exchange_created: "Оформлено обмін",
    edit_requested: "Запропоновано зміни",
    edit_confirmed: "Зміни підтверджено",
    updated: "Оновлено",
  },
}

const EVENT_STATUS: Record<string, StatusKey> = {
  "order.canceled": "canceled",
  "order.completed": "completed",
  "payment.captured": "paid",
  "payment.refunded": "refunded",
  "order.fulfillment_created": "packed",
  "shipment.created": "shipped",
  "delivery.created": "delivered",
  "order.return_requested": "return_requested",
  "order.return_received": "return_received",
  "order.claim_created": "claim_created",
  "order.exchange_created": "exchange_created",
  "order-edit.requested": "edit_requested",
  "order-edit.confirmed": "edit_confirmed",
}

/** The status an event moves the order to, else the order's own status, in the site's language. */
function statusName(event: string, orderStatus: string | null | undefined, locale: string): string {
  const language = locale.slice(0, 2).toLowerCase()
  const labels = STATUS_LABELS[language === "ru" || language === "uk" ? language : "en"]
  const key = EVENT_STATUS[event] ?? (orderStatus as StatusKey | undefined)
  if (key && Object.prototype.hasOwnProperty.call(labels, key)) return labels[key]
  return text(orderStatus).replace(/_/g, " ")
}
