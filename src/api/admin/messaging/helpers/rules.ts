import {
  customRuleEntityProblem,
  customRuleEventProblem,
  isSecretField,
} from "../../../../modules/messaging/custom-rules/secret-fields"
import { invalidField } from "./errors"
import { assertValidTemplate } from "./text"

interface RuleTexts {
  event_name?: string
  entity?: string
  customer_text?: string | null
  admin_text?: string | null
  phone_source?: string
  id_field?: string
}

/** Entity fields are `#<ENTITY>.FIELD#` (`#ORDER.DISPLAY_ID#`); the event payload is always `#EVENT.FIELD#`. */
export function ruleMacroPrefixes(entity: string | null | undefined): string[] {
  return entity && entity !== "none" ? [entity.toUpperCase(), "EVENT"] : ["EVENT"]
}

/**
 * What a rule may read: not an event whose payload carries credentials, not an entity
 * that stores them, not a secret-looking field as its phone source or id field. 400
 * naming the field.
 */
export function assertRuleReadsNoSecrets(rule: RuleTexts): void {
  const eventProblem = rule.event_name ? customRuleEventProblem(rule.event_name) : null
  if (eventProblem) throw invalidField("event_name", eventProblem)
  const entityProblem = customRuleEntityProblem(rule.entity)
  if (entityProblem) throw invalidField("entity", entityProblem)
  for (const field of ["phone_source", "id_field"] as const) {
    const value = rule[field]
    // a path, or the names inside #MACROS# / {{ liquid }}: every segment is checked
    const segments = (value ?? "").split(/[^A-Za-z0-9_-]+/).filter(Boolean)
    if (segments.some(isSecretField)) throw invalidField(field, SECRET_FIELD_PROBLEM)
  }
  for (const field of ["customer_text", "admin_text"] as const) {
    // entity and payload macros: #EVENT.TOKEN#, {{ EVENT.TOKEN }}
    for (const m of (rule[field] ?? "").matchAll(/#([A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)+)#|\{\{-?\s*([A-Za-z_][\w.]*)/g)) {
      if ((m[1] ?? m[2]).split(".").some(isSecretField)) throw invalidField(field, SECRET_FIELD_PROBLEM)
    }
  }
}

const SECRET_FIELD_PROBLEM =
  "reads a field that looks like a secret (token, password, secret, hash, code, key…): such fields are never readable"

/** Custom rule texts may use the site macros, the resolved entity's fields and the payload's. */
export function assertValidRuleTexts(rule: RuleTexts): void {
  assertRuleReadsNoSecrets(rule)
  const event = rule.event_name ?? "custom"
  const extra = ruleMacroPrefixes(rule.entity)
  if (rule.customer_text) assertValidTemplate("customer_text", rule.customer_text, event, "customer", undefined, extra)
  if (rule.admin_text) assertValidTemplate("admin_text", rule.admin_text, event, "admin", undefined, extra)
}
