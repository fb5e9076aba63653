/**
 * Which fields a custom rule needs from Query: the entity's own columns ("*") and every
 * related field its phone source and texts name. `#ORDER.SHIPPING_ADDRESS.PHONE#` (or
 * `{{ ORDER.SHIPPING_ADDRESS.PHONE }}`, or the path `shipping_address.phone`) asks for
 * `shipping_address.phone`; `#ORDER.CUSTOMER.EMAIL#` for `customer.email`. Pure.
 */

export interface RuleFieldSources {
  entity: string
  phone_source: string
  customer_text?: string | null
  admin_text?: string | null
}

const MACRO = /#([A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)+)#/g
const LIQUID = /\{\{-?\s*([A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)+)/g
const FIELD_PATH = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)+$/

/** Query fields for the rule's entity: always "*", plus `relation.field` for each nested macro of the entity's prefix. */
export function ruleQueryFields(rule: RuleFieldSources): string[] {
  const prefix = rule.entity.toUpperCase()
  const fields = new Set<string>(["*"])
  const texts = [rule.phone_source, rule.customer_text ?? "", rule.admin_text ?? ""]
  for (const text of texts) {
    for (const re of [MACRO, LIQUID]) {
      for (const m of text.matchAll(re)) {
        const [head, ...rest] = m[1].split(".")
        if (head !== prefix || rest.length < 2) continue
        fields.add(rest.map((s) => s.toLowerCase()).join("."))
      }
    }
  }
  const path = rule.phone_source.trim()
  if (FIELD_PATH.test(path)) fields.add(path)
  return [...fields]
}
