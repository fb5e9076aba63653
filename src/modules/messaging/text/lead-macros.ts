import { formatMoney } from "../money/amounts"
import { formatOrderList } from "./order-list"

/**
 * Macro data of a lead from a website (`messaging.lead.created`): the intake module's lead as
 * the glue layer loads it. The contact macros (#CONTACT_PERSON#, #PHONE_TO#, #CUSTOMER_EMAIL#)
 * fall back to the lead's own contact.
 */
export interface MacroLead {
  id: string
  subject?: string | null
  description?: string | null
  /** The collector's name. */
  source?: string | null
  tax_id?: string | null
  contact_person?: string | null
  phone?: string | null
  email?: string | null
  lines?: Array<{ name?: string | null; quantity?: number | null; sum?: number | null; price?: number | null }> | null
  currency_code?: string | null
  /** How many fields could not be read. */
  errors_count?: number | null
  /** The lead in the admin (Settings → Messaging → Intake). */
  url?: string | null
}

export const LEAD_MACRO_NAMES = [
  "LEAD_ID",
  "LEAD_SUBJECT",
  "LEAD_DESCRIPTION",
  "LEAD_SOURCE",
  "LEAD_TAX_ID",
  "LEAD_ITEMS",
  "LEAD_TOTAL",
  "LEAD_ERRORS",
  "LEAD_URL",
] as const

const t = (v: unknown) => (v === null || v === undefined ? "" : String(v).trim())

function lineTotal(l: NonNullable<MacroLead["lines"]>[number]): number {
  return l.sum ?? (l.price ?? 0) * (l.quantity ?? 1)
}

export function leadVariables(lead: MacroLead | null | undefined, locale: string): Record<string, string> {
  if (!lead) return Object.fromEntries(LEAD_MACRO_NAMES.map((n) => [n, ""]))
  const lines = lead.lines ?? []
  const total = lines.reduce((sum, l) => sum + lineTotal(l), 0)
  return {
    LEAD_ID: t(lead.id),
    LEAD_SUBJECT: t(lead.subject),
    LEAD_DESCRIPTION: t(lead.description),
    LEAD_SOURCE: t(lead.source),
    LEAD_TAX_ID: t(lead.tax_id),
    LEAD_ITEMS: formatOrderList(
      lines.map((l) => ({ title: l.name, quantity: l.quantity ?? 1 })),
      { locale }
    ),
    LEAD_TOTAL: lines.length
      ? lead.currency_code
        ? formatMoney(total, lead.currency_code, locale)
        : String(total)
      : "",
    LEAD_ERRORS: lead.errors_count ? String(lead.errors_count) : "",
    LEAD_URL: t(lead.url),
  }
}
