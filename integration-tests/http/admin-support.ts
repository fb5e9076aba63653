/**
 * Shared by the admin-*.spec.ts files: the admin routes of the plugin, a fake BSG
 * account in the plugin options, and small request helpers that never throw on 4xx.
 */
import type { AxiosInstance } from "axios"
import { ROUTE_POLICIES } from "../../src/api/route-policies"

export const BSG_KEY = "live_fakebsgkey0123456789"
export const CUSTOMER_PHONE = "+380671234567"

/**
 * Every admin route of the plugin (":id" filled with a made-up id), from the one table of
 * routes and their policies (src/api/route-policies.ts, whose unit test checks it against
 * the route files).
 */
export const ADMIN_ROUTES: Array<[method: "get" | "post" | "delete", path: string]> = ROUTE_POLICIES.map((r) => [
  r.method.toLowerCase() as "get" | "post" | "delete",
  `/admin/messaging${r.path.replace(":id", "id_x")}`,
])

export interface Reply {
  status: number
  data: any
  text: string
  headers: Record<string, string>
}

/** One request; 4xx/5xx come back as a Reply instead of an exception. */
export async function call(
  api: AxiosInstance,
  method: "get" | "post" | "delete",
  url: string,
  opts: { body?: unknown; headers?: Record<string, string>; params?: Record<string, unknown> } = {}
): Promise<Reply> {
  const res = await api.request({
    method,
    url,
    data: opts.body,
    headers: opts.headers,
    params: opts.params,
    validateStatus: () => true,
    transformResponse: (raw) => raw,
  })
  const text = typeof res.data === "string" ? res.data : JSON.stringify(res.data)
  let data: any = text
  try {
    data = JSON.parse(text)
  } catch {
    // CSV and other text
  }
  return { status: res.status, data, text, headers: res.headers as Record<string, string> }
}

/** Plugin options with one BSG account pointing at the fake server. */
export function bsgPluginOptions(bsgUrl: string, extra: Record<string, unknown> = {}) {
  return {
    accounts: [
      {
        key: "bsg-main",
        name: "BSG main",
        type: "bsg",
        base_url: bsgUrl,
        credentials: { api_key: BSG_KEY },
        config: { sender: "MyShop" },
      },
    ],
    defaults: { site_name: "Test Shop", default_region: "UA", time_zone: "Europe/Kyiv", sms_sender: "MyShop" },
    dispatch: { retry_base_ms: 200 },
    ...extra,
  }
}
