import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { FieldError, LeadFields, PayloadEncoding } from "../../modules/intake/payload"
import { LEAD_CREATED_EVENT } from "./intake"
import { completeMailReceiptStep } from "./steps/complete-mail-receipt"
import { createLeadStep } from "./steps/create-lead"
import { createLeadDraftOrderStep } from "./steps/create-lead-draft-order"
import { matchLeadCustomerStep } from "./steps/match-lead-customer"
import { updateLeadStep } from "./steps/update-lead"

export interface LeadCollectorRef {
  id: string
  type: "http" | "mailbox"
  sales_channel_id: string | null
  region_id: string | null
  assignee_user_id: string | null
  assignee_group: string | null
}

export interface CreateLeadInput {
  collector: LeadCollectorRef
  payload: { encoding: PayloadEncoding | null; text: string | null; fields: LeadFields; errors: FieldError[] }
  message_id?: string | null
  /** Mailbox leads: the receipt claimed for the mail, completed with the lead. */
  mail_receipt_id?: string | null
}

export const createLeadWorkflowId = "intake-create-lead"

/**
 * A lead from a payload: its counterparty found or created, the lead written (with any
 * parse errors), a draft order when it has lines, the mail's receipt completed, and
 * `messaging.lead.created` emitted for the staff. A failure undoes what was written.
 */
export const createLeadWorkflow = createWorkflow(createLeadWorkflowId, (input: CreateLeadInput) => {
  const contact = transform({ input }, ({ input }) => (input.payload.text === null ? null : input.payload.fields))
  const customer = matchLeadCustomerStep(contact)
  const leadData = transform({ input, customer }, ({ input, customer }) => {
    const { fields, errors, encoding, text } = input.payload
    return {
      collector_id: input.collector.id,
      source: input.collector.type,
      status: "new",
      assignee_user_id: input.collector.assignee_user_id,
      assignee_group: input.collector.assignee_group,
      sales_channel_id: input.collector.sales_channel_id,
      subject: fields.subject,
      contact_person: fields.contact_person,
      phone: fields.phone,
      email: fields.email,
      tax_id: fields.tax_id,
      raw_payload: text,
      encoding,
      fields: fields as unknown as Record<string, unknown>,
      parse_errors: errors.length ? (errors as unknown as Record<string, unknown>) : null,
      customer_id: customer.customer_id,
      message_id: input.message_id ?? null,
    }
  })
  const lead = createLeadStep(leadData)

  const hasLines = transform({ input }, ({ input }) => input.payload.fields.items.length > 0)
  when("intake-lead-has-lines", { hasLines }, ({ hasLines }) => hasLines).then(() => {
    const draft = createLeadDraftOrderStep(
      transform({ input, lead, customer }, ({ input, lead, customer }) => ({
        lead_id: lead.id,
        lines: input.payload.fields.items,
        sales_channel_id: input.collector.sales_channel_id,
        region_id: input.collector.region_id,
        customer_id: customer.customer_id,
        email: input.payload.fields.email,
      }))
    )
    updateLeadStep(
      transform({ lead, draft }, ({ lead, draft }) => ({
        id: lead.id,
        draft_order_id: draft.draft_order_id,
        draft_order_error: draft.error,
      }))
    )
  })

  when("intake-lead-from-mail", { input }, ({ input }) => !!input.mail_receipt_id).then(() => {
    completeMailReceiptStep(
      transform({ input, lead }, ({ input, lead }) => ({
        id: input.mail_receipt_id!,
        status: "imported" as const,
        lead_id: lead.id,
      }))
    )
  })

  emitEventStep({
    eventName: LEAD_CREATED_EVENT,
    data: transform({ lead }, ({ lead }) => ({ id: lead.id })),
  })
  return new WorkflowResponse(lead)
})
