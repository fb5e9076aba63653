/**
 * The hosts of an account: where it connects (its base_url, or a relay's config.host)
 * and the policy its requests run under — the provider class's public API hosts (or, for
 * a relay, any public host) plus the shop's `allowed_hosts`.
 */
import type { ProviderType } from "../types"
import { assertHostNameAllowed, type HostPolicy } from "./allowed-hosts"
import { providerClass } from "./registry"

export function hostPolicyFor(type: ProviderType, allowedHosts: readonly string[] = []): HostPolicy {
  const cls = providerClass(type)
  return { allowed: allowedHosts, defaults: cls?.apiHosts ?? [], anyPublicHost: cls?.relay === true }
}

/** The host an account connects to: its base_url's, or an SMTP account's config.host. */
export function accountHost(
  type: ProviderType,
  baseUrl: string | null | undefined,
  config: Record<string, unknown> | null | undefined
): { field: string; host: string } | null {
  if (providerClass(type)?.relay)
    return typeof config?.host === "string" && config.host.trim()
      ? { field: "config.host", host: config.host.trim() }
      : null
  if (!baseUrl) return null
  try {
    return { field: "base_url", host: new URL(baseUrl).hostname }
  } catch {
    return null
  }
}

/** Accounts in the plugin options whose host the policy refuses (checked by name at start-up). */
export function accountHostProblems(
  accounts: readonly { type: ProviderType; base_url?: string | null; config?: Record<string, unknown> | null }[],
  allowedHosts: readonly string[]
): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = []
  accounts.forEach((a, i) => {
    const target = accountHost(a.type, a.base_url, a.config)
    if (!target) return
    try {
      assertHostNameAllowed(target.host, hostPolicyFor(a.type, allowedHosts))
    } catch (e) {
      problems.push({ path: ["accounts", i, ...target.field.split(".")], message: (e as Error).message })
    }
  })
  return problems
}
