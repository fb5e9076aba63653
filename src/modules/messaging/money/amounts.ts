/**
 * Amounts as Medusa v2 hands them out — already in major units (19.99), as a
 * number, a numeric string, or a BigNumber-like object (`{ numeric }`,
 * `{ value }`, `{ raw: { value } }`) — and their display in a locale.
 */

export type AmountLike = number | string | { numeric?: unknown; value?: unknown; raw?: unknown } | null | undefined

/** A finite number from an amount-like value, or null. */
export function toAmount(value: unknown, depth = 0): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null
  if (typeof value === "bigint") return Number(value)
  if (typeof value === "string") {
    const text = value.trim()
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return null
    const number = Number(text)
    return Number.isFinite(number) ? number : null
  }
  if (value && typeof value === "object" && depth < 3) {
    const obj = value as { numeric?: unknown; value?: unknown; raw?: unknown }
    for (const candidate of [obj.numeric, obj.value, obj.raw]) {
      if (candidate === undefined) continue
      const amount = toAmount(candidate, depth + 1)
      if (amount !== null) return amount
    }
  }
  return null
}

const numberFormats = new Map<string, Intl.NumberFormat>()

/** A BCP 47 locale Intl accepts ("uk_UA" → "uk-UA"), falling back to "en-US". */
export function normalizeLocale(locale: string | null | undefined): string {
  const candidate = (locale ?? "").trim().replace(/_/g, "-")
  if (!candidate) return "en-US"
  try {
    return Intl.getCanonicalLocales(candidate)[0] ?? "en-US"
  } catch {
    return "en-US"
  }
}

/**
 * Formats an amount in a currency with the locale's conventions ("$1,234.50",
 * "1 234,50 ₴"). No-break spaces become plain spaces (they are not GSM-7).
 * Returns "" when the amount is missing; without a valid currency only the
 * number is formatted.
 */
export function formatMoney(amount: unknown, currencyCode: string | null | undefined, locale: string): string {
  const value = toAmount(amount)
  if (value === null) return ""
  const currency = (currencyCode ?? "").trim().toUpperCase()
  const format = moneyFormat(normalizeLocale(locale), /^[A-Z]{3}$/.test(currency) ? currency : "")
  return format.format(value).replace(/[\u00a0\u202f]/g, " ")
}

function moneyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`
  let format = numberFormats.get(key)
  if (!format) {
    try {
      format = currency
        ? new Intl.NumberFormat(locale, { style: "currency", currency })
        : new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    } catch {
      format = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    }
    if (numberFormats.size > 200) numberFormats.clear()
    numberFormats.set(key, format)
  }
  return format
}
