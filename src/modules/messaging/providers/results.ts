/** Builders for SendResult values, so adapters read as mappings, not object literals. */
import type { FailureKind, SendResult } from "./types"
import type { TransportFailure } from "./http-failures"

export type Failure = {
  kind: FailureKind
  code: string
  reason: string
  account_level?: boolean
  retry_after_ms?: number | null
  maybe_accepted?: boolean
}

export type AcceptedResult = Extract<SendResult, { outcome: "accepted" }>
export type RejectedResult = Extract<SendResult, { outcome: "rejected" }>
export type RetryResult = Extract<SendResult, { outcome: "retry" }>

/** Kinds that are worth trying again later with the same account. */
const TEMPORARY: ReadonlySet<FailureKind> = new Set<FailureKind>(["rate_limited", "throttled", "unavailable"])

export function accepted(
  id: string,
  providerMessageId: string,
  extra: Omit<AcceptedResult, "id" | "outcome" | "provider_message_id"> = {}
): AcceptedResult {
  return { id, outcome: "accepted", provider_message_id: providerMessageId, ...extra }
}

/** Temporary kinds become `retry`, everything else `rejected`. */
export function failed(id: string, f: Failure): RejectedResult | RetryResult {
  if (TEMPORARY.has(f.kind) || f.maybe_accepted) return retry(id, f)
  const out: RejectedResult = { id, outcome: "rejected", kind: f.kind, code: f.code, reason: f.reason }
  if (f.account_level) out.account_level = true
  return out
}

export function retry(id: string, f: Failure): RetryResult {
  const out: RetryResult = { id, outcome: "retry", kind: f.kind, code: f.code, reason: f.reason }
  if (f.retry_after_ms != null) out.retry_after_ms = f.retry_after_ms
  if (f.maybe_accepted) out.maybe_accepted = true
  if (f.account_level) out.account_level = true
  return out
}

export function fromTransport(id: string, t: TransportFailure): RetryResult {
  return retry(id, { kind: t.kind, code: t.code, reason: t.reason, maybe_accepted: t.maybe_accepted })
}

/** Digits only (BSG, TurboSMS). */
export function digitsOnly(phone: string): string {
  return phone.replace(/\D+/g, "")
}

/** A plausible international number: 7–15 digits (E.164 maximum). */
export function isPlausibleMsisdn(digits: string): boolean {
  return /^[1-9]\d{6,14}$/.test(digits)
}

/** A message's phone number as digits, or the rejection of a recipient that is not one. */
export function recipientDigits(msg: {
  id: string
  to?: string | null
}): { digits: string } | RejectedResult | RetryResult {
  const digits = digitsOnly(msg.to ?? "")
  if (isPlausibleMsisdn(digits)) return { digits }
  return failed(msg.id, {
    kind: "invalid_recipient",
    code: "invalid_phone",
    reason: `"${msg.to}" is not a phone number`,
  })
}

export function toNumber(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v)
    return Number.isFinite(n) ? n : null
  }
  return null
}

/** BSG and friends send error codes as 0, "0", 21 or "21". */
export function codeOf(v: unknown): number | null {
  const n = toNumber(v)
  return n === null ? null : Math.trunc(n)
}

export function isRecord(v: unknown): v is Record<string, any> {
  return typeof v === "object" && v !== null && !Array.isArray(v)
}

/** Split an array into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * Chunks of at most `size` in which `keyOf` is unique (providers reject the same
 * phone twice in one batch). Keeps the input order within each chunk.
 */
export function chunkUnique<T>(items: readonly T[], size: number, keyOf: (item: T) => string): T[][] {
  const chunks: { items: T[]; keys: Set<string> }[] = []
  for (const item of items) {
    const key = keyOf(item)
    let target = chunks.find((c) => c.items.length < size && !c.keys.has(key))
    if (!target) {
      target = { items: [], keys: new Set() }
      chunks.push(target)
    }
    target.items.push(item)
    target.keys.add(key)
  }
  return chunks.map((c) => c.items)
}

/** Group by a string key, keeping first-seen order of groups and items. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const map = new Map<string, T[]>()
  for (const item of items) {
    const key = keyOf(item)
    const list = map.get(key)
    if (list) list.push(item)
    else map.set(key, [item])
  }
  return [...map.values()]
}
