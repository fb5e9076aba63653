/**
 * Thin client for /admin/messaging/* with react-query: one query key per path + params,
 * mutations invalidate everything under /admin/messaging so every tab stays current.
 */
import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from "@tanstack/react-query"
import { sdk } from "./sdk"

export const BASE = "/admin/messaging"

type Params = Record<string, string | number | boolean | undefined | null>

function clean(params?: Params): Record<string, string | number | boolean> | undefined {
  if (!params) return undefined
  const out: Record<string, string | number | boolean> = {}
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") out[k] = v
  return out
}

export function apiGet<T>(path: string, params?: Params): Promise<T> {
  return sdk.client.fetch<T>(`${BASE}${path}`, { method: "GET", query: clean(params) })
}

export function apiSend<T>(path: string, body?: unknown, method: "POST" | "DELETE" = "POST"): Promise<T> {
  return sdk.client.fetch<T>(`${BASE}${path}`, { method, body: method === "POST" ? (body ?? {}) : undefined })
}

export function useApi<T>(path: string | null, params?: Params, options: Partial<UseQueryOptions<T>> = {}) {
  return useQuery<T>({
    queryKey: ["messaging", path, clean(params)],
    queryFn: () => apiGet<T>(path!, params),
    enabled: path !== null,
    ...options,
  })
}

/** A POST/DELETE that refreshes every messaging query when it succeeds. */
export function useApiMutation<TBody = unknown, TResult = unknown>(
  path: string | ((body: TBody) => string),
  method: "POST" | "DELETE" = "POST"
) {
  const client = useQueryClient()
  return useMutation<TResult, Error, TBody>({
    mutationFn: (body: TBody) => apiSend<TResult>(typeof path === "function" ? path(body) : path, body, method),
    onSuccess: () => client.invalidateQueries({ queryKey: ["messaging"] }),
  })
}

/** The server's reason ("Invalid request: Field 'to' …") without the prefix. */
export function errorText(error: unknown): string {
  const message = (error as Error)?.message ?? String(error)
  return message.replace(/^Invalid request: /, "")
}

/** URL of the CSV export of the current History filters (the session cookie authorizes the download). */
export function exportUrl(params: Params): string {
  const query = new URLSearchParams(Object.entries(clean(params) ?? {}).map(([k, v]) => [k, String(v)]))
  return `${BASE}/messages/export${query.toString() ? `?${query}` : ""}`
}
