/**
 * The policy every admin messaging route needs (Medusa checks it when the `rbac` feature
 * flag is on: a user whose roles lack it gets 403 before any validator or handler runs;
 * with the flag off the declaration is inert). One line per route and method; the unit
 * test src/api/__tests__/route-policies.spec.ts fails when a route file has no line here.
 */
import type { MiddlewareRoute } from "@medusajs/framework/http"
import { MESSAGING_RESOURCES as R, type MessagingResource } from "../types/permissions"

const BASE = "/admin/messaging"

type Method = "GET" | "POST" | "DELETE"

export type RoutePolicy = {
  method: Method
  /** The route as the file tree names it (`:id` for `[id]`). */
  path: string
  resource: MessagingResource
  operation: string
}

const p = (method: Method, path: string, resource: MessagingResource, operation: string): RoutePolicy => ({
  method,
  path,
  resource,
  operation,
})

export const ROUTE_POLICIES: RoutePolicy[] = [
  p("GET", "/settings", R.settings, "read"),
  p("POST", "/settings", R.settings, "update"),
  p("GET", "/sites", R.settings, "read"),
  p("POST", "/sites", R.settings, "update"),
  p("GET", "/sites/:id", R.settings, "read"),
  p("POST", "/sites/:id", R.settings, "update"),
  p("DELETE", "/sites/:id", R.settings, "update"),
  p("GET", "/staff", R.settings, "read"),
  p("POST", "/staff", R.settings, "update"),
  p("GET", "/staff/:id", R.settings, "read"),
  p("POST", "/staff/:id", R.settings, "update"),
  p("DELETE", "/staff/:id", R.settings, "update"),
  p("POST", "/staff/:id/send-test", R.settings, "update"),

  p("GET", "/accounts", R.account, "read"),
  p("POST", "/accounts", R.account, "create"),
  p("GET", "/accounts/:id", R.account, "read"),
  p("POST", "/accounts/:id", R.account, "update"),
  p("DELETE", "/accounts/:id", R.account, "delete"),
  p("POST", "/accounts/:id/test-connection", R.account, "update"),
  p("GET", "/provider-types", R.account, "read"),
  p("GET", "/balances", R.account, "read"),
  p("POST", "/balances/refresh", R.account, "read"),
  p("GET", "/senders", R.account, "read"),
  p("POST", "/senders", R.account, "create"),
  p("GET", "/senders/:id", R.account, "read"),
  p("POST", "/senders/:id", R.account, "update"),
  p("DELETE", "/senders/:id", R.account, "delete"),

  p("GET", "/events", R.template, "read"),
  p("GET", "/templates", R.template, "read"),
  p("POST", "/templates", R.template, "create"),
  p("POST", "/templates/validate", R.template, "read"),
  p("POST", "/templates/preview", R.template, "read"),
  p("GET", "/templates/:id", R.template, "read"),
  p("POST", "/templates/:id", R.template, "update"),
  p("DELETE", "/templates/:id", R.template, "delete"),
  p("POST", "/templates/:id/reset", R.template, "update"),

  p("GET", "/rules", R.rule, "read"),
  p("POST", "/rules", R.rule, "create"),
  p("GET", "/rules/:id", R.rule, "read"),
  p("POST", "/rules/:id", R.rule, "update"),
  p("DELETE", "/rules/:id", R.rule, "delete"),

  p("GET", "/messages", R.message, "read"),
  p("GET", "/messages/export", R.message, "read"),
  p("GET", "/messages/:id", R.message, "read"),
  p("GET", "/orders/:id", R.message, "read"),
  p("GET", "/customers/:id", R.message, "read"),
  p("GET", "/stats", R.message, "read"),
  p("POST", "/text/count", R.message, "read"),
  p("POST", "/send", R.message, "send"),
  p("POST", "/messages/release", R.message, "send"),
  p("POST", "/messages/resend", R.message, "resend"),
  p("POST", "/messages/send-again", R.message, "resend"),
  p("POST", "/messages/cancel", R.message, "cancel"),

  p("GET", "/campaigns", R.campaign, "read"),
  p("GET", "/campaigns/:id", R.campaign, "read"),
  p("POST", "/campaigns", R.campaign, "create"),
  p("POST", "/campaigns/dry-run", R.campaign, "create"),
  p("POST", "/campaigns/:id/pause", R.campaign, "update"),
  p("POST", "/campaigns/:id/resume", R.campaign, "update"),
  p("POST", "/campaigns/:id/cancel", R.campaign, "update"),

  p("GET", "/opt-outs", R.optOut, "read"),
  p("POST", "/opt-outs", R.optOut, "create"),
  p("DELETE", "/opt-outs/:id", R.optOut, "delete"),

  p("GET", "/debug-log", R.debugLog, "read"),
  p("DELETE", "/debug-log", R.debugLog, "delete"),
  p("GET", "/debug-log/full-capture", R.debugLog, "read"),
  p("POST", "/debug-log/full-capture", R.debugLog, "update"),

  p("GET", "/intake/collectors", R.intake, "read"),
  p("POST", "/intake/collectors", R.intake, "update"),
  p("GET", "/intake/collectors/:id", R.intake, "read"),
  p("POST", "/intake/collectors/:id", R.intake, "update"),
  p("DELETE", "/intake/collectors/:id", R.intake, "update"),
  p("POST", "/intake/collectors/:id/test-connection", R.intake, "update"),
  p("GET", "/intake/leads", R.intake, "read"),
  p("GET", "/intake/leads/:id", R.intake, "read"),
  p("POST", "/intake/leads/:id", R.intake, "update"),
  p("POST", "/intake/leads/:id/convert", R.intake, "update"),
  p("POST", "/intake/leads/:id/reject", R.intake, "update"),

  p("GET", "/audit", R.audit, "read"),
]

/**
 * An express matcher for one route: `:id` matches one segment that is not a sibling's own
 * path (`/templates/validate` is not `/templates/:id`).
 */
export function routeMatcher(path: string): string | RegExp {
  if (!path.includes(":")) return `${BASE}${path}`
  const siblings = ROUTE_POLICIES.map((r) => r.path).filter((other) => other !== path)
  const pattern = path
    .split("/")
    .map((segment, i) => {
      if (!segment.startsWith(":")) return segment
      const prefix = path.split("/").slice(0, i).join("/")
      const reserved = siblings
        .filter((other) => other.split("/").length === i + 1 && other.startsWith(`${prefix}/`))
        .map((other) => other.split("/")[i])
        .filter((s) => !s.startsWith(":"))
      return reserved.length ? `(?!(?:${reserved.join("|")})$)[^/]+` : "[^/]+"
    })
    .join("/")
  return new RegExp(`^${BASE.replace(/\//g, "\\/")}${pattern.replace(/\//g, "\\/")}\\/?$`)
}

/** The middleware routes that declare each route's policy (no middleware of their own). */
export const routePolicyMiddlewares: MiddlewareRoute[] = ROUTE_POLICIES.map((r) => ({
  matcher: routeMatcher(r.path),
  methods: [r.method],
  policies: [{ resource: r.resource, operation: r.operation }],
}))
