/**
 * Lead lines → draft-order line items (pure). A line whose code is a known SKU becomes an
 * item of that variant; any other line a custom item with its title, quantity and unit
 * price. What a line says beyond that (sizes, material, extra works) goes into metadata.
 */
import type { LeadLine } from "../../modules/intake/payload"

export interface DraftOrderItem {
  title?: string
  variant_id?: string
  quantity: number
  unit_price?: number
  is_tax_inclusive?: boolean
  metadata: Record<string, unknown>
}

/** The unit price: as sent, else the sum over the quantity, else 0 (the manager fills it in). */
function unitPrice(line: LeadLine, quantity: number): number {
  if (line.price !== null) return line.price
  if (line.sum !== null && quantity > 0) return Math.round((line.sum / quantity) * 100) / 100
  return 0
}

export function lineMetadata(line: LeadLine): Record<string, unknown> {
  const meta: Record<string, unknown> = { intake_service: line.service }
  const keep: Array<keyof LeadLine> = [
    "code",
    "machine_code",
    "resolution",
    "material",
    "material_code",
    "width",
    "height",
    "sum",
  ]
  for (const key of keep) if (line[key] !== null) meta[`intake_${key}`] = line[key]
  if (line.extra_works.length) meta.intake_extra_works = line.extra_works
  return meta
}

/** `variants`: SKU → variant id of the lines' codes that matched. Lines of quantity 0 are left out. */
export function draftOrderItems(lines: LeadLine[], variants: Record<string, string> = {}): DraftOrderItem[] {
  const items: DraftOrderItem[] = []
  for (const line of lines) {
    const quantity = line.quantity ?? 1
    if (quantity <= 0) continue
    const variantId = (line.code && variants[line.code]) || (line.material_code && variants[line.material_code]) || null
    const title = line.name ?? line.code ?? "Item"
    const metadata = lineMetadata(line)
    if (variantId) {
      items.push(
        line.price !== null
          ? { variant_id: variantId, title, quantity, unit_price: line.price, is_tax_inclusive: false, metadata }
          : { variant_id: variantId, quantity, metadata }
      )
    } else {
      items.push({ title, quantity, unit_price: unitPrice(line, quantity), is_tax_inclusive: false, metadata })
    }
  }
  return items
}

/** The codes to look up as SKUs. */
export function lineCodes(lines: LeadLine[]): string[] {
  return [...new Set(lines.flatMap((l) => [l.code, l.material_code]).filter((c): c is string => !!c))]
}
