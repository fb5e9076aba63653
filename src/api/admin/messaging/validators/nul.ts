/**
 * No text Postgres stores can hold U+0000 (NUL). Admin input with one is refused before
 * anything else runs — 400 naming the field, nothing stored — instead of failing deep in
 * an insert. (Provider data is kept with U+FFFD in its place: text/storable.ts.)
 */
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { invalidField } from "../helpers/errors"

/** The dotted path of the first string (or key) holding NUL, or null. */
export function nulPath(value: unknown, path = ""): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path || "body" : null
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], path ? `${path}.${i}` : String(i))
      if (found !== null) return found
    }
    return null
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key
      if (key.includes("\u0000")) return here
      const found = nulPath(item, here)
      if (found !== null) return found
    }
  }
  return null
}

export function refuseNul(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const field = nulPath(req.body) ?? nulPath(req.query)
  if (field !== null) return next(invalidField(field, "contains a NUL character (U+0000), which cannot be stored"))
  next()
}
