/**
 * The audit trail of admin actions: one middleware per changing route (every route whose
 * policy is not a `read`, and not the campaign dry run). When the route answers with a
 * success, the entry (user, policy, route, the record's id, a summary without secrets) is
 * written before the answer goes out, so a client that got the answer finds the entry.
 * A failed write is logged and never fails the action, which has already happened.
 */
import type {
  AuthenticatedMedusaRequest,
  MedusaNextFunction,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { messagingFrom } from "../admin/messaging/helpers/service"
import { ROUTE_POLICIES, routeMatcher, type RoutePolicy } from "../route-policies"
import { auditSummary, createdId } from "./summary"

/** Routes that change nothing although their policy is not a read. */
const NOT_CHANGES = new Set(["POST /campaigns/dry-run"])

export const AUDITED_ROUTES: RoutePolicy[] = ROUTE_POLICIES.filter(
  (r) => r.method !== "GET" && r.operation !== "read" && !NOT_CHANGES.has(`${r.method} ${r.path}`)
)

function recordAudit(route: RoutePolicy) {
  return (req: AuthenticatedMedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    const json = res.json.bind(res)
    res.json = ((payload: unknown) => {
      if (res.statusCode >= 400) return json(payload)
      const input = route.method === "DELETE" ? req.query : (req.validatedBody ?? req.body)
      const entry = {
        actor_id: req.auth_context?.actor_id ?? null,
        action: `${route.resource}:${route.operation}`,
        resource: route.resource,
        resource_id: (req.params?.id as string | undefined) ?? createdId(payload),
        route: `${route.method} ${route.path}`,
        summary: auditSummary(input),
      }
      messagingFrom(req.scope)
        .createMessagingAuditEntries(entry)
        .catch((e: Error) =>
          req.scope
            .resolve(ContainerRegistrationKeys.LOGGER)
            .error(`messaging: audit entry for ${entry.route} not written: ${e.message}`)
        )
        .finally(() => json(payload))
      return res
    }) as typeof res.json
    next()
  }
}

export const auditMiddlewares: MiddlewareRoute[] = AUDITED_ROUTES.map((r) => ({
  matcher: routeMatcher(r.path),
  methods: [r.method],
  middlewares: [recordAudit(r)],
}))
