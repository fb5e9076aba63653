import { toAmount } from "../money/amounts"
import { isSecretField } from "../custom-rules/secret-fields"

/**
 * Macros for custom rules on any event: every scalar field of a resolved
 * entity becomes `#PREFIX.FIELD#`, upper-cased (`firstName` and `first_name`
 * both give `FIRST_NAME`); nested objects nest (`#CUSTOMER.ADDRESS.CITY#`).
 *
 * The values are stored as nested objects with upper-case keys, so the Liquid
 * variable `CUSTOMER.FIRST_NAME` — which `#CUSTOMER.FIRST_NAME#` becomes —
 * resolves with plain property access.
 *
 * Fields that look like secrets (password, token, secret, hash, salt, keys, codes:
 * `isSecretField`, the filter phone sources use too) are never exposed. Arrays of scalars are joined with ", "; arrays of
 * objects are skipped (too big for a text message). Dates become ISO strings,
 * BigNumber-like amounts numbers, null an empty string.
 */

export interface EntityMacros {
  /** Dotted macro names, e.g. `CUSTOMER.FIRST_NAME`, in discovery order. */
  macros: string[]
  /** `{ CUSTOMER: { FIRST_NAME: "Olena", ADDRESS: { CITY: "Kyiv" } } }`. */
  variables: Record<string, unknown>
}

export interface FlattenOptions {
  /** How deep nested objects are followed (default 4). */
  maxDepth?: number
}

const SEGMENT = /^[A-Z][A-Z0-9_]*$/

/** Flattens an entity into `#PREFIX.FIELD#` macros. */
export function flattenEntityMacros(entity: unknown, prefix: string, options: FlattenOptions = {}): EntityMacros {
  const path = prefix.split(".").map(toMacroSegment)
  if (path.length === 0 || path.some((segment) => !segment)) {
    throw new RangeError(`Invalid macro prefix "${prefix}": use letters, digits and underscores, e.g. "CUSTOMER"`)
  }
  const macros: string[] = []
  const leaf: Record<string, unknown> = {}
  if (isPlainObject(entity)) {
    collect(entity, leaf, path, macros, options.maxDepth ?? 4, new WeakSet())
  }
  const variables: Record<string, unknown> = {}
  let target = variables
  path.forEach((segment, index) => {
    const next = index === path.length - 1 ? leaf : {}
    target[segment] = next
    target = next as Record<string, unknown>
  })
  return { macros, variables }
}

/** `firstName` / `first-name` / `first_name` → `FIRST_NAME`; "" when it cannot be a macro segment. */
export function toMacroSegment(key: string): string {
  const segment = key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase()
  return SEGMENT.test(segment) ? segment : ""
}

/** Deep-merges entity variables (from several prefixes) into one variables object. */
export function mergeEntityVariables(
  target: Record<string, unknown>,
  source: Record<string, unknown>
): Record<string, unknown> {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key]
    if (isPlainObject(existing) && isPlainObject(value)) {
      mergeEntityVariables(existing as Record<string, unknown>, value as Record<string, unknown>)
    } else if (!(key in target)) {
      target[key] = value
    }
  }
  return target
}

function collect(
  source: object,
  target: Record<string, unknown>,
  path: string[],
  macros: string[],
  depthLeft: number,
  seen: WeakSet<object>
): void {
  seen.add(source)
  for (const [key, value] of Object.entries(source)) {
    if (isSecretField(key)) continue
    const segment = toMacroSegment(key)
    if (!segment || segment in target) continue
    const scalar = toScalar(value)
    if (scalar !== undefined) {
      target[segment] = scalar
      macros.push([...path, segment].join("."))
    } else if (isPlainObject(value) && depthLeft > 1 && !seen.has(value as object)) {
      const nested: Record<string, unknown> = {}
      collect(value as object, nested, [...path, segment], macros, depthLeft - 1, seen)
      if (Object.keys(nested).length > 0) target[segment] = nested
    }
  }
}

/** The macro value of a scalar field, or undefined for objects and arrays of objects. */
function toScalar(value: unknown): string | number | boolean | undefined {
  if (value === null || value === undefined) return ""
  if (typeof value === "string" || typeof value === "boolean") return value
  if (typeof value === "number") return Number.isFinite(value) ? value : ""
  if (typeof value === "bigint") return value.toString()
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString()
  if (Array.isArray(value)) {
    const scalars = value.map(toScalar)
    if (scalars.every((item) => item !== undefined && typeof item !== "object")) {
      return scalars.filter((item) => item !== "").join(", ")
    }
    return undefined
  }
  if (typeof value === "object") {
    const obj = value as Record<string, unknown>
    if ("numeric" in obj || ("value" in obj && "precision" in obj)) return toAmount(obj) ?? ""
  }
  return undefined
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}
