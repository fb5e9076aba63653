/**
 * Custom rules ("create an event from any system event"): resolve the rule's entity from
 * the payload, find the phone (a literal phone, a field path, a #MACRO#, a customer id or
 * an e-mail to look a customer up by) and plan the customer and admin texts.
 */
import { createHash } from "node:crypto"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { TemplateRow } from "../../modules/messaging/pipeline/plan-event"
import { flattenEntityMacros, mergeEntityVariables, renderTemplateSync } from "../../modules/messaging/text"
import { customRuleEntityProblem, customRuleEventProblem, readField } from "../../modules/messaging/text/secret-fields"
import type { ResolvedEvent } from "./resolve-context"

export interface CustomRuleRow {
  id: string
  name: string
  event_name: string
  entity: string
  id_field: string
  phone_source: string
  customer_text: string | null
  admin_text: string | null
  sales_channel_id: string | null
  critical: boolean
  enabled: boolean
}

type Query = { graph: (q: { entity: string; fields: string[]; filters?: Record<string, unknown> }) => Promise<{ data: any[] }> }

/** A field of the payload or entity; secret-looking fields (token, password, code…) read as missing. */
const pick = readField

export function ruleTemplates(rule: CustomRuleRow): TemplateRow[] {
  const base = { event_name: rule.event_name, sales_channel_id: null, locale: "en", subject: null, enabled: true, critical: rule.critical }
  const out: TemplateRow[] = []
  if (rule.customer_text?.trim()) out.push({ ...base, code: `RULE_${rule.id}_CUSTOMER`, audience: "customer", channel: "sms", body: rule.customer_text })
  if (rule.admin_text?.trim()) out.push({ ...base, code: `RULE_${rule.id}_ADMIN`, audience: "admin", channel: "sms", body: rule.admin_text })
  return out
}

export async function resolveCustomRule(container: MedusaContainer, rule: CustomRuleRow, data: Record<string, any>): Promise<ResolvedEvent> {
  // rules stored before these checks existed are refused here too
  const refused = customRuleEventProblem(rule.event_name) ?? customRuleEntityProblem(rule.entity)
  if (refused) throw new Error(`${rule.event_name} / ${rule.entity}: ${refused}`)
  const query = container.resolve(ContainerRegistrationKeys.QUERY) as unknown as Query
  const id = pick(data, rule.id_field || "id")
  let entity: Record<string, unknown> = data
  if (rule.entity && rule.entity !== "none") {
    if (typeof id !== "string") throw new Error(`payload field "${rule.id_field}" holds no id for ${rule.entity}`)
    const { data: rows } = await query.graph({ entity: rule.entity, fields: ["*"], filters: { id } })
    if (!rows[0]) throw new Error(`${rule.entity} ${id} not found`)
    entity = JSON.parse(JSON.stringify(rows[0]))
  }
  const prefix = (rule.entity && rule.entity !== "none" ? rule.entity : "event").toUpperCase()
  const variables = flattenEntityMacros(entity, prefix).variables
  mergeEntityVariables(variables, flattenEntityMacros(data, "EVENT").variables)

  const raw = await phoneFromSource(query, rule.phone_source, entity, variables)
  const customerId = typeof entity.customer_id === "string" ? entity.customer_id : rule.entity === "customer" ? (entity.id as string) : null
  return {
    event_name: rule.event_name,
    // a payload without an id is keyed by its digest (the payload itself is never stored)
    resource_id: `${rule.id}:${typeof id === "string" ? id : createHash("sha1").update(JSON.stringify(data)).digest("hex")}`,
    resource_type: rule.entity,
    sales_channel_id: rule.sales_channel_id ?? (typeof entity.sales_channel_id === "string" ? entity.sales_channel_id : null),
    order_id: rule.entity === "order" ? (entity.id as string) : typeof entity.order_id === "string" ? entity.order_id : null,
    customer_id: raw.customer_id ?? customerId,
    customer_phones: [{ phone: raw.phone }],
    context: { extra: variables },
  }
}

async function phoneFromSource(
  query: Query,
  source: string,
  entity: Record<string, unknown>,
  variables: Record<string, unknown>
): Promise<{ phone: string | null; customer_id?: string | null }> {
  const s = source.trim()
  let value: unknown
  if (/#[A-Z][A-Z0-9_.]*#/.test(s) || /\{\{.*\}\}/.test(s)) value = renderTemplateSync(s, variables).trim()
  else if (/^\+?[\d\s()-]{5,}$/.test(s)) value = s
  else value = pick(entity, s)
  if (typeof value !== "string" || !value) return { phone: null }
  if (value.startsWith("cus_")) {
    const { data } = await query.graph({ entity: "customer", fields: ["id", "phone"], filters: { id: value } })
    return { phone: data[0]?.phone ?? null, customer_id: data[0]?.id ?? null }
  }
  if (value.includes("@")) {
    const { data } = await query.graph({ entity: "customer", fields: ["id", "phone"], filters: { email: value } })
    return { phone: data[0]?.phone ?? null, customer_id: data[0]?.id ?? null }
  }
  return { phone: value }
}
