/**
 * Shared by the admin-*.spec.ts files: the admin routes of the plugin, a fake BSG
 * account in the plugin options, and small request helpers that never throw on 4xx.
 */
import type { AxiosInstance } from "axios"

export const BSG_KEY = "live_fakebsgkey0123456789"
export const CUSTOMER_PHONE = "+380671234567"

/** Every admin route of the plugin (":id" filled with a made-up id). */
export const ADMIN_ROUTES: Array<[method: "get" | "post" | "delete", path: string]> = [
  ["get", "/admin/messaging/settings"],
  ["post", "/admin/messaging/settings"],
  ["get", "/admin/messaging/accounts"],
  ["post", "/admin/messaging/accounts"],
  ["get", "/admin/messaging/accounts/macc_x"],
  ["post", "/admin/messaging/accounts/macc_x"],
  ["delete", "/admin/messaging/accounts/macc_x"],
  ["post", "/admin/messaging/accounts/macc_x/test-connection"],
  ["get", "/admin/messaging/balances"],
  ["post", "/admin/messaging/balances/refresh"],
  ["get", "/admin/messaging/sites"],
  ["post", "/admin/messaging/sites"],
  ["get", "/admin/messaging/sites/msite_x"],
  ["post", "/admin/messaging/sites/msite_x"],
  ["delete", "/admin/messaging/sites/msite_x"],
  ["get", "/admin/messaging/events"],
  ["get", "/admin/messaging/templates"],
  ["post", "/admin/messaging/templates"],
  ["get", "/admin/messaging/templates/mtpl_x"],
  ["post", "/admin/messaging/templates/mtpl_x"],
  ["delete", "/admin/messaging/templates/mtpl_x"],
  ["post", "/admin/messaging/templates/mtpl_x/reset"],
  ["post", "/admin/messaging/templates/validate"],
  ["post", "/admin/messaging/templates/preview"],
  ["post", "/admin/messaging/text/count"],
  ["get", "/admin/messaging/rules"],
  ["post", "/admin/messaging/rules"],
  ["get", "/admin/messaging/rules/mrule_x"],
  ["post", "/admin/messaging/rules/mrule_x"],
  ["delete", "/admin/messaging/rules/mrule_x"],
  ["get", "/admin/messaging/senders"],
  ["post", "/admin/messaging/senders"],
  ["get", "/admin/messaging/senders/msnd_x"],
  ["post", "/admin/messaging/senders/msnd_x"],
  ["delete", "/admin/messaging/senders/msnd_x"],
  ["get", "/admin/messaging/staff"],
  ["post", "/admin/messaging/staff"],
  ["get", "/admin/messaging/staff/mstf_x"],
  ["post", "/admin/messaging/staff/mstf_x"],
  ["delete", "/admin/messaging/staff/mstf_x"],
  ["post", "/admin/messaging/staff/mstf_x/send-test"],
  ["get", "/admin/messaging/messages"],
  ["get", "/admin/messaging/messages/msg_x"],
  ["get", "/admin/messaging/messages/export"],
  ["post", "/admin/messaging/messages/cancel"],
  ["post", "/admin/messaging/messages/resend"],
  ["post", "/admin/messaging/messages/release"],
  ["post", "/admin/messaging/messages/send-again"],
  ["get", "/admin/messaging/stats"],
  ["get", "/admin/messaging/debug-log"],
  ["delete", "/admin/messaging/debug-log"],
  ["get", "/admin/messaging/debug-log/full-capture"],
  ["post", "/admin/messaging/debug-log/full-capture"],
  ["get", "/admin/messaging/opt-outs"],
  ["post", "/admin/messaging/opt-outs"],
  ["delete", "/admin/messaging/opt-outs/mopt_x"],
  ["post", "/admin/messaging/send"],
  ["get", "/admin/messaging/orders/order_x"],
  ["get", "/admin/messaging/customers/cus_x"],
  ["get", "/admin/messaging/campaigns"],
  ["post", "/admin/messaging/campaigns"],
  ["post", "/admin/messaging/campaigns/dry-run"],
  ["get", "/admin/messaging/campaigns/mcmp_x"],
  ["post", "/admin/messaging/campaigns/mcmp_x/pause"],
  ["post", "/admin/messaging/campaigns/mcmp_x/resume"],
  ["post", "/admin/messaging/campaigns/mcmp_x/cancel"],
]

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
