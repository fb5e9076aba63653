import { assertValidTemplate } from "./text"

interface RuleTexts {
  event_name?: string
  entity?: string
  customer_text?: string | null
  admin_text?: string | null
  phone_source?: string
}

/** Entity fields are `#<ENTITY>.FIELD#` (`#ORDER.DISPLAY_ID#`); the event payload is always `#EVENT.FIELD#`. */
export function ruleMacroPrefixes(entity: string | null | undefined): string[] {
  return entity && entity !== "none" ? [entity.toUpperCase(), "EVENT"] : ["EVENT"]
}

/** Custom rule texts may use the site macros, the resolved entity's fields and the payload's. */
export function assertValidRuleTexts(rule: RuleTexts): void {
  const event = rule.event_name ?? "custom"
  const extra = ruleMacroPrefixes(rule.entity)
  if (rule.customer_text) assertValidTemplate("customer_text", rule.customer_text, event, "customer", undefined, extra)
  if (rule.admin_text) assertValidTemplate("admin_text", rule.admin_text, event, "admin", undefined, extra)
}
