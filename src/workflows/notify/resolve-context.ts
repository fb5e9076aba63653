/**
 * From an event payload to the plain data the pipeline needs: the order (or customer,
 * fulfillment, payment…) resolved with Query, the sales channel, the customer's phones
 * each tagged with where it was found (the site's phone_sources decide the order and
 * the fallback) and the macro context.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { EventPlanInput, PhoneCandidate } from "../../modules/messaging/pipeline/plan-event"

export type ResolvedEvent = EventPlanInput & { sales_channel_id: string | null }

/** The order without computed totals: #PRICE# reads the stored summary. */
export const ORDER_FIELDS = [
  "id",
  "display_id",
  "email",
  "currency_code",
  "summary.current_order_total",
  "created_at",
  "status",
  "sales_channel_id",
  "canceled_at",
  "is_draft_order",
  "version",
  "metadata",
  "customer_id",
  "items.title",
  "items.product_title",
  "items.variant_title",
  "items.quantity",
  "items.unit_price",
  "shipping_address.*",
  "billing_address.*",
  "customer.id",
  "customer.first_name",
  "customer.last_name",
  "customer.email",
  "customer.phone",
]

/**
 * Asking for any total makes Medusa compute all of them (every item's tax lines and
 * adjustments): most of the cost of loading an order. Only when a template reads
 * line-item totals.
 */
export const ORDER_TOTAL_FIELDS = ["total", "items.total"]

export interface ResolveOptions {
  /** Load line-item totals (computed by Medusa); default true. */
  itemTotals?: boolean
}

type Query = {
  graph: (q: { entity: string; fields: string[]; filters?: Record<string, unknown> }) => Promise<{ data: any[] }>
}

async function one(
  query: Query,
  entity: string,
  fields: string[],
  filters: Record<string, unknown>
): Promise<any | null> {
  const { data } = await query.graph({ entity, fields, filters })
  return data[0] ?? null
}

function plain<T>(value: T): T {
  // Query returns BigNumber objects for amounts; JSON keeps their numeric value and makes the data serializable.
  return JSON.parse(JSON.stringify(value ?? null))
}

function orderPhones(order: any): PhoneCandidate[] {
  return [
    { source: "shipping", phone: order?.shipping_address?.phone, country: order?.shipping_address?.country_code },
    { source: "billing", phone: order?.billing_address?.phone, country: order?.billing_address?.country_code },
    {
      source: "customer",
      phone: order?.customer?.phone,
      country: order?.shipping_address?.country_code ?? order?.billing_address?.country_code,
    },
  ]
}

function fromOrder(event: string, loaded: any, resourceId: string, extra: Partial<ResolvedEvent> = {}): ResolvedEvent {
  const { summary, ...order } = loaded
  if (order.total === undefined) order.total = summary?.current_order_total ?? null
  return {
    event_name: event,
    resource_id: resourceId,
    resource_type: extra.resource_type ?? "order",
    sales_channel_id: order.sales_channel_id ?? null,
    order_id: order.id,
    customer_id: order.customer_id ?? order.customer?.id ?? null,
    customer_phones: orderPhones(order),
    no_notification: extra.no_notification ?? false,
    context: { order: plain(order), customer: plain(order.customer ?? null), ...(extra.context ?? {}) },
  }
}

export class EventNotResolvable extends Error {}

/** Seconds after an `order.updated` message in which further updates of the order send nothing. */
export const ORDER_UPDATE_BURST_S = 10

/**
 * `order.updated` carries only the order id: the resource is the order plus its latest
 * change (or version), so each update notifies once and a redelivery of the same update
 * does not. Several updates that land before the event is handled share one key.
 */
async function orderUpdateResource(query: Query, order: any): Promise<string> {
  const { data } = await (query.graph as any)({
    entity: "order_change",
    fields: ["id"],
    filters: { order_id: order.id },
    pagination: { order: { created_at: "DESC" }, take: 1 },
  })
  return `${order.id}:v${order.version ?? 1}:${data?.[0]?.id ?? "none"}`
}

/** The admin's "send notification" switch on a return, claim or exchange is stored on the record. */
function recordSilenced(record: any, data: Record<string, any>): boolean {
  return data?.no_notification === true || record?.no_notification === true
}

/**
 * Resolve a supported shop event. Throws EventNotResolvable (with a reason) when the
 * entity no longer exists or the event is not about something we can message.
 */
export async function resolveEventContext(
  container: MedusaContainer,
  eventName: string,
  data: Record<string, any>,
  options: ResolveOptions = {}
): Promise<ResolvedEvent> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY) as unknown as Query
  const orderFields = options.itemTotals === false ? ORDER_FIELDS : [...ORDER_FIELDS, ...ORDER_TOTAL_FIELDS]
  const orderById = async (id: string) => {
    const order = await one(query, "order", orderFields, { id })
    if (!order) throw new EventNotResolvable(`order ${id} not found`)
    return order
  }
  const noNotification = data?.no_notification === true

  switch (eventName) {
    case "order.updated": {
      const order = await orderById(data.id)
      // Draft orders are edited while the shop builds them: the customer hears nothing.
      if (order.is_draft_order || order.status === "draft") throw new EventNotResolvable(`order ${order.id} is a draft`)
      return fromOrder(eventName, order, await orderUpdateResource(query, order), { no_notification: noNotification })
    }
    case "order.placed":
    case "order.canceled":
    case "order.completed":
    case "order.archived": {
      const order = await orderById(data.id)
      return fromOrder(eventName, order, order.id, { no_notification: noNotification })
    }
    case "order.fulfillment_created":
    case "order.fulfillment_canceled": {
      const order = await orderById(data.order_id)
      const fulfillment = await one(query, "fulfillment", ["id", "provider_id", "labels.*"], {
        id: data.fulfillment_id,
      })
      return fromOrder(eventName, order, data.fulfillment_id, {
        resource_type: "fulfillment",
        no_notification: noNotification,
        context: { fulfillment: plain(fulfillment) },
      })
    }
    case "shipment.created":
    case "delivery.created": {
      const fulfillment = await one(query, "fulfillment", ["id", "provider_id", "labels.*", "order.id"], {
        id: data.id,
      })
      if (!fulfillment?.order?.id) throw new EventNotResolvable(`fulfillment ${data.id} has no order`)
      const order = await orderById(fulfillment.order.id)
      return fromOrder(eventName, order, data.id, {
        resource_type: "fulfillment",
        no_notification: noNotification,
        context: { fulfillment: plain({ ...fulfillment, order: undefined }) },
      })
    }
    case "payment.captured":
    case "payment.refunded": {
      const payment = await one(
        query,
        "payment",
        [
          "id",
          "amount",
          "currency_code",
          "captures.amount",
          "refunds.amount",
          "refunds.created_at",
          "payment_collection.order.id",
        ],
        { id: data.id }
      )
      const orderId = payment?.payment_collection?.order?.id
      if (!orderId) throw new EventNotResolvable(`payment ${data.id} belongs to no order`)
      const order = await orderById(orderId)
      const refunds = [...(payment.refunds ?? [])].sort((a: any, b: any) =>
        String(a.created_at).localeCompare(String(b.created_at))
      )
      const lastRefund = refunds[refunds.length - 1]
      return fromOrder(eventName, order, data.id, {
        resource_type: "payment",
        context: {
          payment: plain({ amount: payment.amount, currency_code: payment.currency_code }),
          refund: lastRefund ? plain({ amount: lastRefund.amount, currency_code: payment.currency_code }) : null,
        },
      })
    }
    case "order.return_requested":
    case "order.return_received": {
      const order = await orderById(data.order_id)
      const ret = await one(query, "return", ["id", "display_id", "refund_amount", "no_notification"], {
        id: data.return_id,
      })
      return fromOrder(eventName, order, data.return_id, {
        resource_type: "return",
        no_notification: recordSilenced(ret, data),
        context: { return: plain(ret) },
      })
    }
    case "order.claim_created": {
      const order = await orderById(data.order_id)
      const claim = await one(query, "order_claim", ["id", "display_id", "no_notification"], { id: data.claim_id })
      return fromOrder(eventName, order, data.claim_id, {
        resource_type: "claim",
        no_notification: recordSilenced(claim, data),
        context: { claim: plain(claim) },
      })
    }
    case "order.exchange_created": {
      const order = await orderById(data.order_id)
      const exchange = await one(query, "order_exchange", ["id", "display_id", "no_notification"], {
        id: data.exchange_id,
      })
      return fromOrder(eventName, order, data.exchange_id, {
        resource_type: "exchange",
        no_notification: recordSilenced(exchange, data),
        context: { exchange: plain(exchange) },
      })
    }
    case "order-edit.requested":
    case "order-edit.confirmed":
    case "order-edit.canceled": {
      const order = await orderById(data.order_id)
      // One edit request per order at a time: the order change id keeps repeated edits apart.
      const resource = `${data.order_id}:${data.actions?.[0]?.order_change_id ?? data.order_change_id ?? Date.now()}`
      return fromOrder(eventName, order, resource, { resource_type: "order_edit", no_notification: noNotification })
    }
    case "customer.created": {
      const customer = await one(
        query,
        "customer",
        ["id", "first_name", "last_name", "email", "phone", "addresses.phone", "addresses.country_code"],
        { id: data.id }
      )
      if (!customer) throw new EventNotResolvable(`customer ${data.id} not found`)
      return {
        event_name: eventName,
        resource_id: customer.id,
        resource_type: "customer",
        sales_channel_id: null,
        customer_id: customer.id,
        // the profile, then its address book: all "customer" (no order is placed yet)
        customer_phones: [
          { source: "customer", phone: customer.phone },
          ...(customer.addresses ?? []).map((a: any) => ({
            source: "customer" as const,
            phone: a.phone,
            country: a.country_code,
          })),
        ],
        context: { customer: plain(customer) },
      }
    }
    case "auth.password_reset": {
      if (data.actor_type !== "customer")
        throw new EventNotResolvable(`password reset for ${data.actor_type} is not a customer message`)
      const customer = await one(query, "customer", ["id", "first_name", "last_name", "email", "phone"], {
        email: data.entity_id,
      })
      if (!customer) throw new EventNotResolvable(`no customer with e-mail ${data.entity_id}`)
      return {
        event_name: eventName,
        // A new token is a new reset: it must be sent even for the same customer.
        resource_id: `${customer.id}:${String(data.token ?? "").slice(-12)}`,
        resource_type: "customer",
        sales_channel_id: null,
        customer_id: customer.id,
        customer_phones: [{ source: "customer", phone: customer.phone }],
        context: { customer: plain(customer), reset: { token: data.token ?? null, email: data.entity_id } },
      }
    }
    default:
      throw new EventNotResolvable(`event ${eventName} is not a built-in messaging event`)
  }
}
