/**
 * `messaging.lead.created` → the plain data the pipeline needs: the lead from the intake
 * module, its collector's name and the admin link. Staff and admin copies only: a lead's
 * contact is not a customer who asked for texts.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { INTAKE_MODULE } from "../../modules/intake"
import type IntakeModuleService from "../../modules/intake/service"
import type { LeadFields } from "../../modules/intake/payload"
import { messagingOf } from "../messaging"
import { EventNotResolvable, type ResolvedEvent } from "./resolve-context"

export async function resolveLeadEvent(container: MedusaContainer, data: Record<string, any>): Promise<ResolvedEvent> {
  if (!container.hasRegistration(INTAKE_MODULE)) throw new EventNotResolvable("the intake module is not loaded")
  const intake = container.resolve<IntakeModuleService>(INTAKE_MODULE)
  const [lead] = await intake.listIntakeLeads({ id: data?.id }, { take: 1 })
  if (!lead) throw new EventNotResolvable(`lead ${data?.id} not found`)
  const [collector] = await intake.listIntakeCollectors({ id: lead.collector_id }, { take: 1, withDeleted: true })
  const general = await messagingOf(container).generalSettings()
  const base = (general.public_url as string | null)?.replace(/\/$/, "")
  const fields = (lead.fields ?? {}) as unknown as Partial<LeadFields>
  const errors = Array.isArray(lead.parse_errors) ? lead.parse_errors.length : 0
  return {
    event_name: "messaging.lead.created",
    resource_id: lead.id,
    resource_type: "lead",
    sales_channel_id: lead.sales_channel_id ?? null,
    customer_id: lead.customer_id ?? null,
    customer_phones: [],
    no_notification: true,
    context: {
      customer: null,
      lead: {
        id: lead.id,
        subject: lead.subject,
        description: fields.description ?? null,
        source: collector?.name ?? null,
        tax_id: lead.tax_id,
        contact_person: lead.contact_person,
        phone: lead.phone,
        email: lead.email,
        lines: (fields.items ?? []).map((l) => ({
          name: l.name ?? l.code,
          quantity: l.quantity,
          price: l.price,
          sum: l.sum,
        })),
        errors_count: errors,
        url: base ? `${base}/app/settings/messaging?tab=intake&lead=${lead.id}` : null,
      },
    },
  }
}
