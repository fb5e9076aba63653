/**
 * Text Postgres can store. A `text` or `jsonb` value cannot hold U+0000 (NUL), and a lone
 * UTF-16 surrogate is not valid UTF-8; both would fail the whole statement. Data from
 * outside that we must keep (provider answers, delivery reports, inbound SMS) gets
 * U+FFFD in their place, as Postgres does for a lone surrogate bound as text. Admin input
 * is refused instead (400 naming the field: src/api/admin/messaging/validators/nul.ts).
 */

// eslint-disable-next-line no-control-regex -- NUL is the character this strips
const NUL = /\u0000/g

export function storableText(value: string): string {
  const cleaned = value.includes("\u0000") ? value.replace(NUL, "\uFFFD") : value
  return (cleaned as string & { toWellFormed(): string }).toWellFormed()
}

/** Every string in a JSON-like value made storable; the value itself when nothing needs it. */
export function storable<T>(value: T): T {
  if (typeof value === "string") return storableText(value) as T
  if (Array.isArray(value)) {
    let out: unknown[] | null = null
    value.forEach((item, i) => {
      const next = storable(item)
      if (next !== item) (out ??= [...value])[i] = next
    })
    return (out ?? value) as T
  }
  if (value && typeof value === "object" && (value.constructor === Object || Object.getPrototypeOf(value) === null)) {
    let out: Record<string, unknown> | null = null
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const next = storable(v)
      const key = storableText(k)
      if (next !== v || key !== k) {
        out ??= { ...(value as Record<string, unknown>) }
        if (key !== k) delete out[k]
        out[key] = next
      }
    }
    return (out ?? value) as T
  }
  return value
}
