/**
 * Returns, claims, exchanges and order edits made with Medusa's own core-flows workflows
 * (what the admin routes run). `no_notification` is what the admin's "send notification"
 * switch stores on the return/claim/exchange record; the events never carry it.
 *
 *   returnWithItems   order.return_requested   (confirmReturnRequestWorkflow)
 *   claimWithItem     order.claim_created      (confirmClaimRequestWorkflow)
 *   exchangeWithItem  order.exchange_created   (confirmExchangeRequestWorkflow)
 *   editQuantity      order-edit.requested, then order-edit.confirmed when `confirm`
 */
import {
  beginClaimOrderWorkflow,
  beginExchangeOrderWorkflow,
  beginOrderEditOrderWorkflow,
  beginReturnOrderWorkflow,
  confirmClaimRequestWorkflow,
  confirmExchangeRequestWorkflow,
  confirmOrderEditRequestWorkflow,
  confirmReturnRequestWorkflow,
  orderClaimItemWorkflow,
  orderEditUpdateItemQuantityWorkflow,
  orderExchangeAddNewItemWorkflow,
  orderExchangeRequestItemReturnWorkflow,
  requestItemReturnWorkflow,
  requestOrderEditRequestWorkflow,
  updateReturnWorkflow,
} from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

type Item = { id: string; quantity: number }

async function first(
  container: MedusaContainer,
  entity: string,
  filters: Record<string, unknown>,
  fields: string[]
): Promise<any> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity, fields, filters } as any)
  return data[0]
}

export async function returnWithItems(
  container: MedusaContainer,
  orderId: string,
  items: Item[],
  opts: { no_notification?: boolean } = {}
): Promise<string> {
  const { result: change } = await beginReturnOrderWorkflow(container).run({ input: { order_id: orderId } })
  const returnId = (change as any).return_id as string
  await requestItemReturnWorkflow(container).run({ input: { return_id: returnId, items } })
  if (opts.no_notification !== undefined)
    await updateReturnWorkflow(container).run({ input: { return_id: returnId, no_notification: opts.no_notification } })
  await confirmReturnRequestWorkflow(container).run({ input: { return_id: returnId } })
  return returnId
}

export async function claimWithItem(
  container: MedusaContainer,
  orderId: string,
  item: Item,
  opts: { no_notification?: boolean } = {}
): Promise<string> {
  const { result: change } = await beginClaimOrderWorkflow(container).run({
    input: { order_id: orderId, type: "refund" as any },
  })
  const claimId = (change as any).claim_id as string
  await orderClaimItemWorkflow(container).run({
    input: { claim_id: claimId, items: [{ ...item, reason: "production_failure" as any }] },
  })
  if (opts.no_notification !== undefined) {
    await (container.resolve(Modules.ORDER) as any).updateOrderClaims([
      { id: claimId, no_notification: opts.no_notification },
    ])
  }
  await confirmClaimRequestWorkflow(container).run({ input: { claim_id: claimId } })
  return claimId
}

/** Send `item` back, get one of `variantId` instead. */
export async function exchangeWithItem(
  container: MedusaContainer,
  orderId: string,
  item: Item,
  variantId: string,
  opts: { no_notification?: boolean } = {}
): Promise<string> {
  const { result: change } = await beginExchangeOrderWorkflow(container).run({ input: { order_id: orderId } })
  const exchangeId = (change as any).exchange_id as string
  const exchange = await first(container, "order_exchange", { id: exchangeId }, ["id", "return_id"])
  await orderExchangeRequestItemReturnWorkflow(container).run({
    input: { exchange_id: exchangeId, return_id: exchange?.return_id, items: [item] } as any,
  })
  await orderExchangeAddNewItemWorkflow(container).run({
    input: { exchange_id: exchangeId, items: [{ variant_id: variantId, quantity: item.quantity }] },
  })
  if (opts.no_notification !== undefined) {
    await (container.resolve(Modules.ORDER) as any).updateOrderExchanges([
      { id: exchangeId, no_notification: opts.no_notification },
    ])
  }
  await confirmExchangeRequestWorkflow(container).run({ input: { exchange_id: exchangeId } })
  return exchangeId
}

export async function editQuantity(
  container: MedusaContainer,
  orderId: string,
  item: Item,
  opts: { confirm?: boolean } = {}
): Promise<void> {
  await beginOrderEditOrderWorkflow(container).run({ input: { order_id: orderId } })
  await orderEditUpdateItemQuantityWorkflow(container).run({ input: { order_id: orderId, items: [item] } })
  await requestOrderEditRequestWorkflow(container).run({ input: { order_id: orderId } })
  if (opts.confirm) await confirmOrderEditRequestWorkflow(container).run({ input: { order_id: orderId } })
}
