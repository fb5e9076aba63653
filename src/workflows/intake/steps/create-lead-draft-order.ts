import { createOrderWorkflow, deleteDraftOrdersWorkflow } from "@medusajs/core-flows"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { LeadLine } from "../../../modules/intake/payload"
import { type DraftOrderItem, draftOrderItems, lineCodes } from "../draft-order-items"

export const createLeadDraftOrderStepId = "intake-create-lead-draft-order"

export interface LeadDraftOrderInput {
  lead_id: string
  lines: LeadLine[]
  sales_channel_id: string | null
  region_id: string | null
  customer_id: string | null
  email: string | null
}

export interface LeadDraftOrder {
  draft_order_id: string | null
  /** Why no draft order was made, or why its lines are custom items only; null when all went well. */
  error: string | null
}

async function variantsBySku(container: any, codes: string[]): Promise<Record<string, string>> {
  if (!codes.length) return {}
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "variant", fields: ["id", "sku"], filters: { sku: codes } })
  return Object.fromEntries((data as Array<{ id: string; sku: string }>).map((v) => [v.sku, v.id]))
}

/**
 * A Medusa draft order for a lead with lines, in the collector's sales channel, through
 * Medusa's own createOrderWorkflow (is_draft_order). Lines whose code is a SKU become that
 * variant's items; when Medusa refuses those (no price, no stock in the channel), the order
 * is made of custom items and the reason is kept. A failure never loses the lead: the error
 * is returned. Compensation: the draft order is deleted.
 */
export const createLeadDraftOrderStep = createStep(
  createLeadDraftOrderStepId,
  async (input: LeadDraftOrderInput, { container }) => {
    const create = async (items: DraftOrderItem[]) => {
      const { result } = await createOrderWorkflow(container).run({
        input: {
          is_draft_order: true,
          status: "draft",
          sales_channel_id: input.sales_channel_id ?? undefined,
          region_id: input.region_id ?? undefined,
          customer_id: input.customer_id ?? undefined,
          email: input.email ?? undefined,
          items,
          metadata: { intake_lead_id: input.lead_id },
        } as any,
      })
      return (result as { id: string }).id
    }
    let note: string | null = null
    try {
      const variants = await variantsBySku(container, lineCodes(input.lines))
      const items = draftOrderItems(input.lines, variants)
      if (!items.length)
        return new StepResponse<LeadDraftOrder, string | null>(
          { draft_order_id: null, error: "no line with a quantity" },
          null
        )
      try {
        const id = await create(items)
        return new StepResponse<LeadDraftOrder, string | null>({ draft_order_id: id, error: null }, id)
      } catch (e) {
        if (!Object.keys(variants).length) throw e
        note = `variants not used (${(e as Error).message}); lines are custom items`
      }
      const id = await create(draftOrderItems(input.lines, {}))
      return new StepResponse<LeadDraftOrder, string | null>({ draft_order_id: id, error: note }, id)
    } catch (e) {
      const error = `draft order not created: ${(e as Error).message}`
      return new StepResponse<LeadDraftOrder, string | null>({ draft_order_id: null, error }, null)
    }
  },
  async (draftOrderId, { container }) => {
    if (draftOrderId) await deleteDraftOrdersWorkflow(container).run({ input: { order_ids: [draftOrderId] } })
  }
)
