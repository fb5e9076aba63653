/**
 * What a template reads that costs the shop extra work to load. Line-item totals do:
 * Medusa computes them (with every tax line and adjustment of the order) only when asked,
 * and that computation is most of what resolving an order costs. The order's total
 * (#PRICE#) comes from the order summary, which is stored.
 */

/** `item.total`, `line.total_amount`, `items.first.total`, `items | map: "total"`. */
const ITEM_TOTAL_REFERENCE = /\.\s*total(?:_amount)?\b|["']total(?:_amount)?["']/

/** Whether a template (subject or body, `#MACRO#` or Liquid) reads line-item totals. */
export function readsItemTotals(source: string | null | undefined): boolean {
  return !!source && ITEM_TOTAL_REFERENCE.test(source)
}
