import {
  ParseError,
  isSupportedCountry,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
} from "libphonenumber-js/max"
import type { CountryCode, NumberType, PhoneNumber } from "libphonenumber-js/max"

/**
 * Phone numbers for SMS: parse, validate and keep only numbers that can take
 * an SMS. Uses the `max` metadata of libphonenumber-js, the only build whose
 * `getType()` tells mobile numbers from fixed lines.
 *
 * Accepted types: MOBILE and FIXED_LINE_OR_MOBILE (the US, Canada and others
 * do not distinguish). A valid number whose type the metadata cannot tell
 * (`getType()` undefined) is accepted too and reported as "UNKNOWN": refusing
 * it would block real customers in countries with incomplete metadata, and
 * the provider reports undeliverable numbers anyway. Every other type
 * (FIXED_LINE, TOLL_FREE, PREMIUM_RATE, VOIP, PAGER, …) is `not_mobile`.
 */

export type PhoneRejectReason = "empty" | "invalid" | "too_short" | "too_long" | "not_mobile" | "invalid_country"

export type PhoneType = NumberType | "UNKNOWN"

export type NormalizedPhone =
  | { ok: true; e164: string; country: CountryCode | null; type: PhoneType }
  | { ok: false; reason: PhoneRejectReason; message: string }

export interface NormalizePhoneOptions {
  /** Region used for numbers written without a country code (ISO 3166-1 alpha-2, e.g. "UA"). */
  defaultRegion?: string
  /** When set, the number must belong to this country; also used as the default region. */
  country?: string
  /**
   * Region UA: read the old trunk habit "8 067 123 45 67" / "80671234567" (8 = the
   * long-distance prefix before 2010) as +380671234567. Default true.
   */
  uaTrunkPrefix?: boolean
}

const SMS_CAPABLE_TYPES: ReadonlySet<string> = new Set(["MOBILE", "FIXED_LINE_OR_MOBILE"])

/** Parses a raw phone number into E.164 and checks that it can receive SMS. */
export function normalizePhone(raw: unknown, options: NormalizePhoneOptions = {}): NormalizedPhone {
  const text = cleanRaw(raw)
  if (!text) return reject("empty", "No phone number given")
  const region = resolveRegion(options.defaultRegion ?? options.country)
  if (region === "invalid")
    return reject("invalid_country", `Unknown country code "${options.defaultRegion ?? options.country}"`)
  const expected = options.country === undefined ? undefined : resolveRegion(options.country)
  if (expected === "invalid") return reject("invalid_country", `Unknown country code "${options.country}"`)

  const parsed = parse(region === "UA" && options.uaTrunkPrefix !== false ? withoutUaTrunkPrefix(text) : text, region)
  if (!("number" in parsed)) return parsed
  const phone = parsed
  if (!phone.isValid()) return rejectInvalid(text, region, phone)
  const country = phone.country ?? null
  if (expected && country !== expected) {
    return reject("invalid_country", `${phone.number} is a ${country ?? "non-geographic"} number, not ${expected}`)
  }
  const type = phone.getType()
  if (type !== undefined && !SMS_CAPABLE_TYPES.has(type)) {
    return reject(
      "not_mobile",
      `${phone.number} is a ${type.toLowerCase().replace(/_/g, " ")} number and cannot receive SMS`
    )
  }
  return { ok: true, e164: phone.number, country, type: type ?? "UNKNOWN" }
}

function cleanRaw(raw: unknown): string {
  if (typeof raw === "number" && Number.isFinite(raw)) raw = String(raw)
  if (typeof raw !== "string") return ""
  return raw.replace(/^\s*tel:/i, "").trim()
}

/** "8 067 123-45-67", "8(067)1234567", "80671234567" → "0671234567"; anything else unchanged. */
export function withoutUaTrunkPrefix(text: string): string {
  if (!/^8[\d\s().-]+$/.test(text)) return text
  const digits = text.replace(/\D/g, "")
  return /^80\d{9}$/.test(digits) ? digits.slice(1) : text
}

function resolveRegion(region: string | undefined): CountryCode | undefined | "invalid" {
  if (region === undefined || region === "") return undefined
  const upper = region.trim().toUpperCase()
  return isSupportedCountry(upper) ? (upper as CountryCode) : "invalid"
}

function parse(
  text: string,
  region: CountryCode | undefined
): PhoneNumber | { ok: false; reason: PhoneRejectReason; message: string } {
  const international = !region && /^00[1-9]/.test(text) ? `+${text.slice(2)}` : text
  try {
    return parsePhoneNumberWithError(international, region)
  } catch (error) {
    if (!(error instanceof ParseError)) throw error
    switch (error.message) {
      case "INVALID_COUNTRY":
        return international.startsWith("+")
          ? reject("invalid_country", `"${text}" has an unknown country calling code`)
          : reject("invalid_country", `"${text}" has no country code and no default country is set`)
      case "TOO_SHORT":
        return reject("too_short", `"${text}" is too short for a phone number`)
      case "TOO_LONG":
        return reject("too_long", `"${text}" is too long for a phone number`)
      default:
        return reject("invalid", `"${text}" is not a phone number`)
    }
  }
}

function rejectInvalid(text: string, region: CountryCode | undefined, phone: PhoneNumber): NormalizedPhone {
  const length = validatePhoneNumberLength(phone.number, region)
  if (length === "TOO_SHORT")
    return reject("too_short", `${phone.number} is too short for a ${phone.country ?? "phone"} number`)
  if (length === "TOO_LONG")
    return reject("too_long", `${phone.number} is too long for a ${phone.country ?? "phone"} number`)
  return reject("invalid", `"${text}" is not a valid phone number`)
}

function reject(reason: PhoneRejectReason, message: string): { ok: false; reason: PhoneRejectReason; message: string } {
  return { ok: false, reason, message }
}
