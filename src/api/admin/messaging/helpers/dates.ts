/** Date filters from the admin's query strings. */

export interface DateRange {
  from?: Date
  to?: Date
}

/** `{ $gte, $lte }` for a MedusaService filter, or undefined when no bound is given. */
export function dateFilter(range: DateRange): Record<string, Date> | undefined {
  const f: Record<string, Date> = {}
  if (range.from) f.$gte = range.from
  if (range.to) f.$lte = range.to
  return Object.keys(f).length ? f : undefined
}
