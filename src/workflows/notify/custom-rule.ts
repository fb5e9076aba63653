/**
 * Custom rules ("create an event from any system event"): resolve the rule's entity from
 * the payload, find the phone (a literal phone, a field path, a #MACRO#, a customer id or
 * an e-mail to look a customer up by) and plan the customer and admin texts.
 */
import { createHash } from "node:crypto"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { PhoneCandidate, TemplateRow } from "../../modules/messaging/pipeline/plan-event"
import { flattenEntityMacros, mergeEntityVariables, renderTemplateSync } from "../../modules/messaging/text"
import {
  customRuleEntityProblem,
  customRuleEventProblem,
  readField,
} from "../../modules/messaging/custom-rules/secret-fields"
import type { ResolvedEvent } from "./resolve-context"
import { ruleQueryFields } from "./rule-fields"

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
  /** Staff profiles that get the admin text (e-mail and/or Telegram), whatever events they picked. */
  staff_profile_ids?: string[] | null
}

type Query = {
  graph: (q: { entity: string; fields: string[]; filters?: Record<string, unknown> }) => Promise<{ data: any[] }>
}

/** A field of the payload or entity; secret-looking fields (token, password, code…) read as missing. */
const pick = readField

export function ruleTemplates(rule: CustomRuleRow): TemplateRow[] {
  const base = {
    event_name: rule.event_name,
    sales_channel_id: null,
    locale: "en",
    subject: null,
    enabled: true,
    critical: rule.critical,
  }
  const out: TemplateRow[] = []
  if (rule.customer_text?.trim())
    out.push({
      ...base,
      code: `RULE_${rule.id}_CUSTOMER`,
      audience: "customer",
      channel: "sms",
      body: rule.customer_text,
    })
  if (rule.admin_text?.trim()) {
    out.push({ ...base, code: `RULE_${rule.id}_ADMIN`, audience: "admin", channel: "sms", body: rule.admin_text })
    if (rule.staff_profile_ids?.length) {
      out.push(
        {
          ...base,
          code: `RULE_${rule.id}_STAFF_EMAIL`,
          audience: "staff",
          channel: "email",
          subject: rule.name,
          body: rule.admin_text,
        },
        {
          ...base,
          code: `RULE_${rule.id}_STAFF_TELEGRAM`,
          audience: "staff",
          channel: "telegram",
          body: rule.admin_text,
        }
      )
    }
  }
  return out
}

export async function resolveCustomRule(
  container: MedusaContainer,
  rule: CustomRuleRow,
  data: Record<string, any>
): Promise<ResolvedEvent> {
  // rules stored before these checks existed are refused here too
  const refused = customRuleEventProblem(rule.event_name) ?? customRuleEntityProblem(rule.entity)
  if (refused) throw new Error(`${rule.event_name} / ${rule.entity}: ${refused}`)
  const query = container.resolve(ContainerRegistrationKeys.QUERY) as unknown as Query
  const id = pick(data, rule.id_field || "id")
  let entity: Record<string, unknown> = data
  if (rule.entity && rule.entity !== "none") {
    if (typeof id !== "string") throw new Error(`payload field "${rule.id_field}" holds no id for ${rule.entity}`)
    const row = await loadRuleEntity(query, rule.entity, id, ruleQueryFields(rule))
    if (!row) throw new Error(`${rule.entity} ${id} not found`)
    entity = JSON.parse(JSON.stringify(row))
  }
  const prefix = (rule.entity && rule.entity !== "none" ? rule.entity : "event").toUpperCase()
  const variables = flattenEntityMacros(entity, prefix).variables
  mergeEntityVariables(variables, flattenEntityMacros(data, "EVENT").variables)

  const raw = await phoneFromSource(query, rule.phone_source, entity, variables)
  const customerId =
    typeof entity.customer_id === "string"
      ? entity.customer_id
      : rule.entity === "customer"
        ? (entity.id as string)
        : null
  return {
    event_name: rule.event_name,
    // a payload without an id is keyed by its digest (the payload itself is never stored)
    resource_id: `${rule.id}:${typeof id === "string" ? id : createHash("sha1").update(JSON.stringify(data)).digest("hex")}`,
    resource_type: rule.entity,
    sales_channel_id:
      rule.sales_channel_id ?? (typeof entity.sales_channel_id === "string" ? entity.sales_channel_id : null),
    order_id:
      rule.entity === "order" ? (entity.id as string) : typeof entity.order_id === "string" ? entity.order_id : null,
    customer_id: raw.customer_id ?? customerId,
    customer_phones: raw.phones ?? [{ phone: raw.phone }],
    staff_profile_ids: rule.staff_profile_ids?.length ? rule.staff_profile_ids : undefined,
    context: { extra: variables },
  }
}

/**
 * The entity with the related fields the rule names. A name that is no relation (a JSON
 * column such as `metadata.vin`, which "*" already carries) makes Query throw: then the
 * columns are loaded alone and each related field is added where Query knows it.
 */
export async function loadRuleEntity(
  query: Query,
  entity: string,
  id: string,
  fields: string[]
): Promise<Record<string, any> | null> {
  try {
    return (await query.graph({ entity, fields, filters: { id } })).data[0] ?? null
  } catch (e) {
    if (fields.length <= 1) throw e
  }
  const row = (await query.graph({ entity, fields: ["*"], filters: { id } })).data[0] ?? null
  if (!row) return null
  for (const field of fields.filter((f) => f !== "*")) {
    const [relation] = field.split(".")
    if (row[relation] !== undefined && row[relation] !== null && typeof row[relation] !== "object") continue
    try {
      const value = (await query.graph({ entity, fields: [field], filters: { id } })).data[0]?.[relation]
      if (value === undefined) continue
      const current = row[relation]
      row[relation] = Array.isArray(value) || !current || typeof current !== "object" ? value : { ...current, ...value }
    } catch {
      // not a relation of this entity: the macro stays empty
    }
  }
  return row
}

async function phoneFromSource(
  query: Query,
  source: string,
  entity: Record<string, unknown>,
  variables: Record<string, unknown>
): Promise<{ phone: string | null; phones?: PhoneCandidate[]; customer_id?: string | null }> {
  const s = source.trim()
  let value: unknown
  if (/#[A-Z][A-Z0-9_.]*#/.test(s) || /\{\{.*\}\}/.test(s)) value = renderTemplateSync(s, variables).trim()
  else if (/^\+?[\d\s()-]{5,}$/.test(s)) value = s
  else value = pick(entity, s)
  if (typeof value !== "string" || !value) return { phone: null }
  if (value.startsWith("cus_")) return customerPhones(query, { id: value })
  if (value.includes("@")) return customerPhones(query, { email: value })
  return { phone: value }
}

const CUSTOMER_FIELDS = ["id", "phone", "addresses.phone", "addresses.country_code", "addresses.is_default_shipping"]

/**
 * A customer's phones in order: the profile, the default shipping address, the last
 * order's shipping address (then any other address), so a customer who typed the
 * phone only at checkout is still reached.
 */
async function customerPhones(
  query: Query,
  filters: Record<string, unknown>
): Promise<{ phone: string | null; phones: PhoneCandidate[]; customer_id: string | null }> {
  const { data } = await query.graph({ entity: "customer", fields: CUSTOMER_FIELDS, filters })
  const customer = data[0]
  if (!customer) return { phone: null, phones: [], customer_id: null }
  const addresses: any[] = customer.addresses ?? []
  const byDefault = addresses.filter((a) => a.is_default_shipping)
  const { data: orders } = await (query.graph as any)({
    entity: "order",
    fields: ["id", "shipping_address.phone", "shipping_address.country_code"],
    filters: { customer_id: customer.id },
    pagination: { order: { created_at: "DESC" }, take: 1 },
  })
  const last = orders?.[0]?.shipping_address
  const phones: PhoneCandidate[] = [
    { phone: customer.phone },
    ...byDefault.map((a) => ({ phone: a.phone, country: a.country_code })),
    ...(last ? [{ phone: last.phone, country: last.country_code }] : []),
    ...addresses.filter((a) => !a.is_default_shipping).map((a) => ({ phone: a.phone, country: a.country_code })),
  ].filter((c) => typeof c.phone === "string" && c.phone.trim())
  return { phone: phones[0]?.phone ?? null, phones, customer_id: customer.id }
}
