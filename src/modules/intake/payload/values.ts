/** Field readers: each returns the value or an error message, never throws. */
export type Read<T> = { value: T } | { error: string }

const isBlank = (v: unknown) => v === null || v === undefined || (typeof v === "string" && v.trim() === "")

export function readText(v: unknown, max = 10_000): Read<string | null> {
  if (isBlank(v)) return { value: null }
  if (typeof v === "number" || typeof v === "boolean") return { value: String(v) }
  if (typeof v !== "string") return { error: "expected text" }
  const value = v.trim()
  return value.length > max ? { error: `longer than ${max} characters` } : { value }
}

/** Numbers as JSON numbers or text with a comma or point ("2,5"). */
export function readNumber(v: unknown, opts: { min?: number } = {}): Read<number | null> {
  if (isBlank(v)) return { value: null }
  const n =
    typeof v === "number" ? v : typeof v === "string" ? Number(v.trim().replace(/\s/g, "").replace(",", ".")) : NaN
  if (!Number.isFinite(n)) return { error: "expected a number" }
  if (opts.min !== undefined && n < opts.min) return { error: `must be ${opts.min} or more` }
  return { value: n }
}

export function readBoolean(v: unknown): Read<boolean | null> {
  if (isBlank(v)) return { value: null }
  if (typeof v === "boolean") return { value: v }
  if (v === 1 || v === 0) return { value: v === 1 }
  const s = String(v).trim().toLowerCase()
  if (["true", "yes", "да", "1"].includes(s)) return { value: true }
  if (["false", "no", "нет", "0"].includes(s)) return { value: false }
  return { error: "expected true or false" }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function readEmail(v: unknown): Read<string | null> {
  const t = readText(v, 320)
  if ("error" in t || t.value === null) return t
  return EMAIL.test(t.value) ? { value: t.value.toLowerCase() } : { error: "not an e-mail address" }
}

/** Phones as written ("+7 925 642 42-90"): digits with an optional leading +, 7–15 digits. */
export function readPhone(v: unknown): Read<string | null> {
  const t = readText(v, 64)
  if ("error" in t || t.value === null) return t
  if (!/^[+\d\s().-]+$/.test(t.value)) return { error: "not a phone number" }
  const digits = t.value.replace(/\D/g, "")
  if (digits.length < 7 || digits.length > 15) return { error: "not a phone number (7 to 15 digits)" }
  return { value: (t.value.trim().startsWith("+") ? "+" : "") + digits }
}

/** Tax ids (ИНН: 10 or 12 digits; other countries' 8–12): digits only. */
export function readTaxId(v: unknown): Read<string | null> {
  const t = readText(v, 32)
  if ("error" in t || t.value === null) return t
  const value = t.value.replace(/\s/g, "")
  return /^\d{8,12}$/.test(value) ? { value } : { error: "expected 8 to 12 digits" }
}

/**
 * `DD.MM.YYYY HH:MM:SS` (the v0.1 format), also without seconds or time, and ISO 8601.
 * The result is the wall-clock time as written, `YYYY-MM-DDTHH:MM:SS` (no zone is sent).
 */
export function readDate(v: unknown): Read<string | null> {
  const t = readText(v, 64)
  if ("error" in t || t.value === null) return t
  const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t.value)
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    t.value
  )
  let parts: number[] | null = null
  if (ru) parts = [+ru[3], +ru[2], +ru[1], +(ru[4] ?? 0), +(ru[5] ?? 0), +(ru[6] ?? 0)]
  else if (iso) parts = [+iso[1], +iso[2], +iso[3], +(iso[4] ?? 0), +(iso[5] ?? 0), +(iso[6] ?? 0)]
  if (!parts) return { error: "expected DD.MM.YYYY HH:MM:SS" }
  const [y, mo, d, h, mi, s] = parts
  const check = new Date(Date.UTC(y, mo - 1, d, h, mi, s))
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    return { error: "not a real date" }
  }
  const p = (n: number) => String(n).padStart(2, "0")
  return { value: `${y}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}` }
}
