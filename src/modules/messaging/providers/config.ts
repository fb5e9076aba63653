/**
 * Small validators for account configs. Each throws ProviderConfigError naming the
 * provider and the field, never echoing the value (it may be a secret).
 */
import { ProviderConfigError } from "./errors"

export function asConfigObject(provider: string, config: unknown): Record<string, unknown> {
  if (config === null || config === undefined || typeof config !== "object" || Array.isArray(config)) {
    throw new ProviderConfigError(provider, "config", "must be an object")
  }
  return config as Record<string, unknown>
}

export function requiredString(provider: string, cfg: Record<string, unknown>, field: string): string {
  const v = cfg[field]
  if (typeof v !== "string" || v.trim() === "") {
    throw new ProviderConfigError(provider, field, "is required (non-empty string)")
  }
  return v.trim()
}

export function optionalString(provider: string, cfg: Record<string, unknown>, field: string): string | null {
  const v = cfg[field]
  if (v === undefined || v === null || v === "") return null
  if (typeof v !== "string") throw new ProviderConfigError(provider, field, "must be a string")
  return v.trim() === "" ? null : v.trim()
}

export function optionalNumber(
  provider: string,
  cfg: Record<string, unknown>,
  field: string,
  opts: { min?: number; max?: number; integer?: boolean } = {}
): number | null {
  const v = cfg[field]
  if (v === undefined || v === null || v === "") return null
  const n = typeof v === "string" ? Number(v) : v
  if (typeof n !== "number" || !Number.isFinite(n)) throw new ProviderConfigError(provider, field, "must be a number")
  if (opts.integer && !Number.isInteger(n)) throw new ProviderConfigError(provider, field, "must be an integer")
  if (opts.min !== undefined && n < opts.min) throw new ProviderConfigError(provider, field, `must be ≥ ${opts.min}`)
  if (opts.max !== undefined && n > opts.max) throw new ProviderConfigError(provider, field, `must be ≤ ${opts.max}`)
  return n
}

export function optionalBoolean(provider: string, cfg: Record<string, unknown>, field: string): boolean | null {
  const v = cfg[field]
  if (v === undefined || v === null) return null
  if (typeof v !== "boolean") throw new ProviderConfigError(provider, field, "must be true or false")
  return v
}

/** http(s) base URL without a trailing slash. */
export function baseUrl(provider: string, cfg: Record<string, unknown>, field: string, fallback: string): string {
  const v = optionalString(provider, cfg, field) ?? fallback
  let parsed: URL
  try {
    parsed = new URL(v)
  } catch {
    throw new ProviderConfigError(provider, field, "must be an absolute http(s) URL")
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new ProviderConfigError(provider, field, "must be an absolute http(s) URL")
  }
  return v.replace(/\/+$/, "")
}

export const DEFAULT_TIMEOUT_MS = 10_000

export function timeoutMs(provider: string, cfg: Record<string, unknown>): number {
  return optionalNumber(provider, cfg, "timeout_ms", { min: 1, max: 600_000, integer: true }) ?? DEFAULT_TIMEOUT_MS
}
