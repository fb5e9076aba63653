/**
 * Input validation of the admin messaging routes (every route under /admin already
 * requires an authenticated admin user; bad input answers 400 naming the field), the RBAC
 * policy of each route (route-policies.ts), the audit trail (audit/record.ts), and the raw
 * body of provider callbacks for signature checks.
 */
import { defineMiddlewares, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import type { MiddlewareRoute } from "@medusajs/framework/http"
import { ListAuditQuery } from "./admin/messaging/validators/audit"
import { IdsBody } from "./admin/messaging/validators/common"
import { auditMiddlewares } from "./audit/record"
import { routePolicyMiddlewares } from "./route-policies"
import { refuseNul } from "./admin/messaging/validators/nul"
import {
  CreateCollector,
  ListLeadsQuery,
  RejectLead,
  UpdateCollector,
  UpdateLead,
} from "./admin/messaging/intake/validators"
import {
  CampaignDryRun,
  ClearDebugLogQuery,
  CreateCampaign,
  CreateOptOut,
  CustomerMessagesQuery,
  ExportMessagesQuery,
  FullCaptureBody,
  ListCampaignsQuery,
  ListDebugLogQuery,
  ListMessagesQuery,
  ListOptOutsQuery,
  ResendBody,
  SendMessage,
  StatsQuery,
} from "./admin/messaging/validators/messages"
import {
  CreateAccount,
  CreateSite,
  UpdateAccount,
  UpdateGeneralSettings,
  UpdateSite,
} from "./admin/messaging/validators/settings"
import {
  CountText,
  CreateRule,
  CreateSender,
  CreateStaff,
  CreateTemplate,
  ListTemplatesQuery,
  PreviewTemplate,
  UpdateRule,
  UpdateSender,
  UpdateStaff,
  UpdateTemplate,
  ValidateTemplate,
} from "./admin/messaging/validators/templates"

const BASE = "/admin/messaging"
const list = { isList: true, defaults: [] as string[] }

type Method = "GET" | "POST" | "DELETE"
const body = (
  matcher: string | RegExp,
  schema: Parameters<typeof validateAndTransformBody>[0],
  method: Method = "POST"
): MiddlewareRoute => ({
  matcher,
  methods: [method],
  middlewares: [validateAndTransformBody(schema)],
})
const query = (
  matcher: string,
  schema: Parameters<typeof validateAndTransformQuery>[0],
  method: Method = "GET"
): MiddlewareRoute => ({
  matcher,
  methods: [method],
  middlewares: [validateAndTransformQuery(schema, list)],
})

/** `/admin/messaging/<collection>/:id` without the collection's own action paths (express would match both). */
const byId = (collection: string, reserved: string[] = []): RegExp =>
  new RegExp(`^${BASE}/${collection}/${reserved.length ? `(?!(?:${reserved.join("|")})/?$)` : ""}[^/]+/?$`)

export default defineMiddlewares({
  routes: [
    // NUL cannot be stored in any text: refused before any validator or route runs.
    { matcher: `${BASE}/*`, middlewares: [refuseNul] },

    // RBAC (feature flag `rbac`): the policy of every route, checked before its validator.
    ...routePolicyMiddlewares,

    // The audit trail of every changing route (audit/record.ts).
    ...auditMiddlewares,

    // Delivery reports and inbound messages: adapters verify signatures over the raw body.
    { matcher: "/hooks/messaging/*", methods: ["POST"], bodyParser: { preserveRawBody: true } },
    // Website leads: the route reads the bytes itself (Windows-1251 bodies, HMAC over the raw body).
    { matcher: "/hooks/intake/*", methods: ["POST"], bodyParser: false },

    body(`${BASE}/settings`, UpdateGeneralSettings),

    body(`${BASE}/accounts`, CreateAccount),
    body(byId("accounts"), UpdateAccount),

    body(`${BASE}/sites`, CreateSite),
    body(byId("sites"), UpdateSite),

    query(`${BASE}/templates`, ListTemplatesQuery),
    body(`${BASE}/templates`, CreateTemplate),
    body(`${BASE}/templates/validate`, ValidateTemplate),
    body(`${BASE}/templates/preview`, PreviewTemplate),
    body(byId("templates", ["validate", "preview"]), UpdateTemplate),
    body(`${BASE}/text/count`, CountText),

    body(`${BASE}/rules`, CreateRule),
    body(byId("rules"), UpdateRule),

    body(`${BASE}/senders`, CreateSender),
    body(byId("senders"), UpdateSender),

    body(`${BASE}/staff`, CreateStaff),
    body(byId("staff"), UpdateStaff),

    query(`${BASE}/messages`, ListMessagesQuery),
    query(`${BASE}/messages/export`, ExportMessagesQuery),
    body(`${BASE}/messages/cancel`, IdsBody),
    body(`${BASE}/messages/resend`, ResendBody),
    body(`${BASE}/messages/release`, IdsBody),
    body(`${BASE}/messages/send-again`, IdsBody),

    query(`${BASE}/stats`, StatsQuery),
    query(`${BASE}/debug-log`, ListDebugLogQuery),
    query(`${BASE}/debug-log`, ClearDebugLogQuery, "DELETE"),
    body(`${BASE}/debug-log/full-capture`, FullCaptureBody),

    query(`${BASE}/opt-outs`, ListOptOutsQuery),
    body(`${BASE}/opt-outs`, CreateOptOut),

    body(`${BASE}/send`, SendMessage),
    query(`${BASE}/customers/:id`, CustomerMessagesQuery),

    query(`${BASE}/audit`, ListAuditQuery),

    query(`${BASE}/campaigns`, ListCampaignsQuery),
    body(`${BASE}/campaigns`, CreateCampaign),
    body(`${BASE}/campaigns/dry-run`, CampaignDryRun),

    body(`${BASE}/intake/collectors`, CreateCollector),
    body(byId("intake/collectors"), UpdateCollector),
    query(`${BASE}/intake/leads`, ListLeadsQuery),
    body(byId("intake/leads"), UpdateLead),
    body(`${BASE}/intake/leads/:id/reject`, RejectLead),
  ],
})
