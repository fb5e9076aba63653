/**
 * What the signed-in user may do, read the way Medusa's dashboard reads it: the `rbac`
 * feature flag from `GET /admin/feature-flags`; with it on, the user's effective
 * permissions from `GET /admin/rbac/me/permissions` (`resource:operation`, wildcards
 * already expanded by the server), `*` implying read/create/update/delete as in the
 * dashboard's PermissionsProvider. With the flag off everything is allowed, as before.
 *
 * The server refuses anyway (403): hiding is for the user, not for security.
 */
import { useQuery } from "@tanstack/react-query"
import { useCallback } from "react"
import type { MessagingResource } from "../../modules/messaging/vocabulary"
import { sdk } from "./sdk"

const IMPLIED: Record<string, string[]> = { "*": ["read", "create", "update", "delete", "*"] }

/** The set of granted `resource:operation` strings, with `*` expanded as the dashboard does. */
export function grantedSet(permissions: readonly string[]): Set<string> {
  const out = new Set<string>()
  for (const granted of permissions) {
    const [resource, operation, extra] = granted.split(":")
    if (!resource || !operation || extra !== undefined) continue
    for (const op of IMPLIED[operation] ?? [operation]) out.add(`${resource}:${op}`)
  }
  return out
}

export interface Permissions {
  /** False until the flag (and, with RBAC on, the permissions) are known. */
  ready: boolean
  rbac: boolean
  can(resource: MessagingResource, operation: string): boolean
}

export function usePermissions(): Permissions {
  const flags = useQuery({
    // Not the dashboard's own key: its cache entry holds a different shape.
    queryKey: ["messaging", "feature-flags"],
    queryFn: () => sdk.client.fetch<{ feature_flags: Record<string, unknown> }>("/admin/feature-flags"),
    staleTime: 5 * 60_000,
  })
  const rbac = flags.data?.feature_flags?.rbac === true
  const mine = useQuery({
    queryKey: ["messaging", "me-permissions"],
    queryFn: async () =>
      grantedSet((await sdk.client.fetch<{ permissions: string[] }>("/admin/rbac/me/permissions")).permissions),
    enabled: rbac,
    staleTime: 5 * 60_000,
  })
  const ready = !!flags.data && (!rbac || !!mine.data)
  const can = useCallback(
    (resource: MessagingResource, operation: string) => {
      if (!flags.data) return false
      if (!rbac) return true
      return !!mine.data?.has(`${resource}:${operation}`)
    },
    [flags.data, rbac, mine.data]
  )
  return { ready, rbac, can }
}
