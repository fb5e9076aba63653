import type { ICustomerModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { LeadFields } from "../../../modules/intake/payload"

export const matchLeadCustomerStepId = "intake-match-lead-customer"

export interface MatchedCustomer {
  customer_id: string | null
  /** How it was found: tax_id, phone, email, or created. */
  matched_by: "tax_id" | "phone" | "email" | "created" | null
}

type Contact = Pick<LeadFields, "tax_id" | "phone" | "email" | "contact_person">

async function find(customers: ICustomerModuleService, fields: Contact): Promise<MatchedCustomer | null> {
  if (fields.tax_id) {
    const [c] = await customers.listCustomers({ metadata: { tax_id: fields.tax_id } } as any, { take: 1 })
    if (c && (c.metadata as any)?.tax_id === fields.tax_id) return { customer_id: c.id, matched_by: "tax_id" }
  }
  if (fields.phone) {
    const [c] = await customers.listCustomers({ phone: fields.phone } as any, { take: 1 })
    if (c) return { customer_id: c.id, matched_by: "phone" }
  }
  if (fields.email) {
    const [c] = await customers.listCustomers({ email: fields.email }, { take: 1 })
    if (c) return { customer_id: c.id, matched_by: "email" }
  }
  return null
}

/**
 * The counterparty: a customer with the lead's tax id, else its phone, else its e-mail;
 * otherwise a new customer (the tax id in its metadata). Created through the customer
 * module, not the workflow, so a lead gets no "welcome" message. Compensation: a customer
 * this step created is deleted.
 */
export const matchLeadCustomerStep = createStep(
  matchLeadCustomerStepId,
  async (fields: Contact | null, { container }) => {
    if (!fields || (!fields.phone && !fields.email)) {
      return new StepResponse<MatchedCustomer, string | null>({ customer_id: null, matched_by: null }, null)
    }
    const customers = container.resolve<ICustomerModuleService>(Modules.CUSTOMER)
    const found = await find(customers, fields)
    if (found) return new StepResponse<MatchedCustomer, string | null>(found, null)
    const created = await customers.createCustomers({
      first_name: fields.contact_person ?? null,
      email: fields.email ?? null,
      phone: fields.phone ?? null,
      metadata: fields.tax_id ? { tax_id: fields.tax_id, source: "intake" } : { source: "intake" },
    })
    return new StepResponse<MatchedCustomer, string | null>(
      { customer_id: created.id, matched_by: "created" },
      created.id
    )
  },
  async (createdId, { container }) => {
    if (createdId) await container.resolve<ICustomerModuleService>(Modules.CUSTOMER).deleteCustomers(createdId)
  }
)
