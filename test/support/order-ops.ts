/**
 * What an admin does to an order, through the Admin HTTP API (routes and bodies as in
 * @medusajs/medusa/dist/api/admin). Each operation emits the event a shop's
 * notifications hang off:
 *
 *   capturePayment     POST /admin/payments/:id/capture                       payment.captured
 *   refundPayment      POST /admin/payments/:id/refund                        payment.refunded
 *   createFulfillment  POST /admin/orders/:id/fulfillments                    order.fulfillment_created
 *   createShipment     POST /admin/orders/:id/fulfillments/:fid/shipments     shipment.created
 *   markDelivered      POST /admin/orders/:id/fulfillments/:fid/mark-as-delivered  delivery.created
 *   cancelOrder        POST /admin/orders/:id/cancel                          order.canceled
 *   completeOrder      POST /admin/orders/:id/complete                        order.completed
 *   requestReturn      POST /admin/returns, …/request-items, …/request        order.return_requested
 *   receiveReturn      POST /admin/returns/:id/receive, …/receive-items, …/receive/confirm  order.return_received
 *
 * `headers` is what adminHeaders() returns as `headers` (the whole adminHeaders() result works too).
 */
import type { AxiosInstance } from "axios"
import { apiCall } from "./storefront"

export type AdminAuth = Record<string, string> | { headers: Record<string, string> }

const authHeaders = (auth: AdminAuth): Record<string, string> =>
  "headers" in auth && typeof auth.headers === "object" ? auth.headers : (auth as Record<string, string>)

/** Fields getOrder asks for on top of the admin defaults (items, addresses, payments…). */
export const ORDER_FIELDS = [
  "+sales_channel_id",
  "+customer_id",
  "+email",
  "+status",
  "+payment_status",
  "+fulfillment_status",
  "*fulfillments",
  "*fulfillments.items",
  "*fulfillments.labels",
].join(",")

export async function getOrder(
  api: AxiosInstance,
  headers: AdminAuth,
  orderId: string,
  fields = ORDER_FIELDS
): Promise<any> {
  const { order } = await apiCall<{ order: any }>(api, `get order ${orderId}`, "get", `/admin/orders/${orderId}`, {
    headers: authHeaders(headers),
    params: { fields },
  })
  return order
}

function orderPayments(order: any): any[] {
  return (order.payment_collections ?? []).flatMap((pc: any) => pc.payments ?? [])
}

/** Capture the order's (first uncaptured) payment; `amount` defaults to the whole payment. */
export async function capturePayment(
  api: AxiosInstance,
  headers: AdminAuth,
  orderId: string,
  amount?: number
): Promise<{ paymentId: string; payment: any }> {
  const order = await getOrder(api, headers, orderId)
  const payment = orderPayments(order).find((p) => !p.canceled_at && !(p.captures ?? []).length)
  if (!payment)
    throw new Error(
      `capturePayment: order ${orderId} has no uncaptured payment (${JSON.stringify(orderPayments(order))})`
    )
  const res = await apiCall<{ payment: any }>(
    api,
    `capture payment ${payment.id}`,
    "post",
    `/admin/payments/${payment.id}/capture`,
    {
      body: amount !== undefined ? { amount } : {},
      headers: authHeaders(headers),
    }
  )
  return { paymentId: payment.id, payment: res.payment }
}

/** Refund the order's (first captured) payment; `amount` defaults to the whole payment. */
export async function refundPayment(
  api: AxiosInstance,
  headers: AdminAuth,
  orderId: string,
  amount?: number,
  opts: { note?: string; refund_reason_id?: string } = {}
): Promise<{ paymentId: string; refundId: string; payment: any }> {
  const order = await getOrder(api, headers, orderId)
  const payment = orderPayments(order).find((p) => (p.captures ?? []).length)
  if (!payment) throw new Error(`refundPayment: order ${orderId} has no captured payment — capture it first`)
  const before = new Set((payment.refunds ?? []).map((r: any) => r.id))
  const res = await apiCall<{ payment: any }>(
    api,
    `refund payment ${payment.id}`,
    "post",
    `/admin/payments/${payment.id}/refund`,
    {
      body: { ...(amount !== undefined ? { amount } : {}), ...opts },
      headers: authHeaders(headers),
    }
  )
  const refund = (res.payment.refunds ?? []).find((r: any) => !before.has(r.id))
  return { paymentId: payment.id, refundId: refund?.id, payment: res.payment }
}

/** Fulfil items of the order (default: every item, full quantity). */
export async function createFulfillment(
  api: AxiosInstance,
  headers: AdminAuth,
  orderId: string,
  opts: { no_notification?: boolean; items?: { id: string; quantity: number }[]; location_id?: string } = {}
): Promise<{ fulfillmentId: string; order: any }> {
  const before = await getOrder(api, headers, orderId)
  const known = new Set((before.fulfillments ?? []).map((f: any) => f.id))
  const items = opts.items ?? before.items.map((i: any) => ({ id: i.id, quantity: Number(i.quantity) }))
  await apiCall(api, `create fulfillment for ${orderId}`, "post", `/admin/orders/${orderId}/fulfillments`, {
    body: { items, ...(opts.location_id ? { location_id: opts.location_id } : {}), ...noNotification(opts) },
    headers: authHeaders(headers),
  })
  const order = await getOrder(api, headers, orderId)
  const created = (order.fulfillments ?? []).find((f: any) => !known.has(f.id))
  if (!created) throw new Error(`createFulfillment: no new fulfillment on order ${orderId}`)
  return { fulfillmentId: created.id, order }
}

/** Mark a fulfillment shipped with one tracking label (label_url defaults to tracking_url). */
export async function createShipment(
  api: AxiosInstance,
  headers: AdminAuth,
  orderId: string,
  fulfillmentId: string,
  label: { tracking_number: string; tracking_url: string; label_url?: string; no_notification?: boolean }
): Promise<{ fulfillmentId: string; order: any }> {
  const before = await getOrder(api, headers, orderId)
  const fulfillment = (before.fulfillments ?? []).find((f: any) => f.id === fulfillmentId)
  if (!fulfillment) throw new Error(`createShipment: fulfillment ${fulfillmentId} is not on order ${orderId}`)
  const items = (fulfillment.items ?? []).map((i: any) => ({ id: i.line_item_id, quantity: Number(i.quantity) }))
  await apiCall(
    api,
    `create shipment for ${fulfillmentId}`,
    "post",
    `/admin/orders/${orderId}/fulfillments/${fulfillmentId}/shipments`,
    {
      body: {
        items,
        labels: [
          {
            tracking_number: label.tracking_number,
            tracking_url: label.tracking_url,
            label_url: label.label_url ?? label.tracking_url,
          },
        ],
        ...noNotification(label),
      },
      headers: authHeaders(headers),
    }
  )
  return { fulfillmentId, order: await getOrder(api, headers, orderId) }
}

export async function markDelivered(
  api: AxiosInstance,
  headers: AdminAuth,
  orderId: string,
  fulfillmentId: string,
  opts: { no_notification?: boolean } = {}
): Promise<{ fulfillmentId: string; order: any }> {
  await apiCall(
    api,
    `mark ${fulfillmentId} delivered`,
    "post",
    `/admin/orders/${orderId}/fulfillments/${fulfillmentId}/mark-as-delivered`,
    { body: noNotification(opts), headers: authHeaders(headers) }
  )
  return { fulfillmentId, order: await getOrder(api, headers, orderId) }
}

/**
 * Cancel the order. The admin route takes no body: there is no `no_notification` here,
 * and `order.canceled` carries only `{ id }`. Captured payments are refunded by the
 * cancel workflow (without a `payment.refunded` event).
 */
export async function cancelOrder(
  api: AxiosInstance,
  headers: AdminAuth,
  orderId: string
): Promise<{ orderId: string; order: any }> {
  await apiCall(api, `cancel order ${orderId}`, "post", `/admin/orders/${orderId}/cancel`, {
    headers: authHeaders(headers),
  })
  return { orderId, order: await getOrder(api, headers, orderId) }
}

export async function completeOrder(
  api: AxiosInstance,
  headers: AdminAuth,
  orderId: string
): Promise<{ orderId: string; order: any }> {
  await apiCall(api, `complete order ${orderId}`, "post", `/admin/orders/${orderId}/complete`, {
    body: {},
    headers: authHeaders(headers),
  })
  return { orderId, order: await getOrder(api, headers, orderId) }
}

export type ReturnItem = { id: string /* order item id */; quantity: number }

/** Open a return, add items, confirm the request (→ order.return_requested). */
export async function requestReturn(
  api: AxiosInstance,
  headers: AdminAuth,
  orderId: string,
  items: ReturnItem[],
  opts: { location_id?: string; no_notification?: boolean } = {}
): Promise<{ returnId: string; return: any }> {
  const h = authHeaders(headers)
  const { return: opened } = await apiCall<{ return: any }>(
    api,
    `begin return for ${orderId}`,
    "post",
    "/admin/returns",
    {
      body: { order_id: orderId, ...(opts.location_id ? { location_id: opts.location_id } : {}) },
      headers: h,
    }
  )
  await apiCall(api, `add items to return ${opened.id}`, "post", `/admin/returns/${opened.id}/request-items`, {
    body: { items },
    headers: h,
  })
  const { return: requested } = await apiCall<{ return: any }>(
    api,
    `confirm return ${opened.id}`,
    "post",
    `/admin/returns/${opened.id}/request`,
    {
      body: noNotification(opts),
      headers: h,
    }
  )
  return { returnId: opened.id, return: requested }
}

/** Start receiving a return, receive the items, confirm (→ order.return_received). */
export async function receiveReturn(
  api: AxiosInstance,
  headers: AdminAuth,
  returnId: string,
  items: ReturnItem[]
): Promise<{ returnId: string; return: any }> {
  const h = authHeaders(headers)
  await apiCall(api, `begin receiving return ${returnId}`, "post", `/admin/returns/${returnId}/receive`, {
    body: {},
    headers: h,
  })
  await apiCall(api, `receive items of return ${returnId}`, "post", `/admin/returns/${returnId}/receive-items`, {
    body: { items },
    headers: h,
  })
  const { return: received } = await apiCall<{ return: any }>(
    api,
    `confirm receipt of return ${returnId}`,
    "post",
    `/admin/returns/${returnId}/receive/confirm`,
    { body: {}, headers: h }
  )
  return { returnId, return: received }
}

function noNotification(opts: { no_notification?: boolean }) {
  return opts.no_notification !== undefined ? { no_notification: opts.no_notification } : {}
}
