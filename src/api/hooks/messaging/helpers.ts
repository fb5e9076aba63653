/** What the webhook route (`[account]/route.ts`) needs besides the messaging module. */
import type { MedusaRequest } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { WebhookAuthError, WebhookReplayError, WebhooksNotSupportedError } from "../../../modules/messaging/providers"
import type { WebhookRequest } from "../../../modules/messaging/providers/types"
import type MessagingModuleService from "../../../modules/messaging/service"

/** The callback as the adapter sees it: the URL it was sent to (public_url when set), headers, raw and parsed body. */
export function webhookRequestOf(req: MedusaRequest, publicUrl: string | null): WebhookRequest {
  const base = publicUrl ?? `${req.protocol}://${req.get("host")}`
  const body = req.body && typeof req.body === "object" ? (req.body as Record<string, any>) : {}
  return {
    url: `${base.replace(/\/$/, "")}${req.originalUrl}`,
    method: req.method,
    headers: req.headers,
    rawBody:
      (req as unknown as { rawBody?: Buffer }).rawBody ??
      (typeof req.body === "string" ? req.body : JSON.stringify(body)),
    body,
    query: req.query as Record<string, any>,
  }
}

/**
 * The answer to a callback that failed: 401 bad signature/secret, 409 replay, 404 unknown,
 * deleted or disabled account or a provider without callbacks; null = not ours (rethrow).
 */
export function webhookErrorAnswer(e: unknown, accountId: string): { status: number; message: string } | null {
  if (e instanceof WebhookAuthError) return { status: 401, message: e.message }
  if (e instanceof WebhookReplayError) return { status: 409, message: e.message }
  if (e instanceof WebhooksNotSupportedError || /not found/.test((e as Error).message)) {
    return { status: 404, message: `unknown messaging account ${accountId}` }
  }
  return null
}

/** Inbound messages go into the customer's history when a customer has that phone. */
export async function linkInboundToCustomers(
  req: MedusaRequest,
  messaging: MessagingModuleService,
  inbound: Array<{ id: string | null; phone: string }>
) {
  const withId = inbound.filter((i): i is { id: string; phone: string } => !!i.id)
  if (!withId.length) return
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  for (const msg of withId) {
    const variants = [msg.phone, msg.phone.replace(/^\+/, "")]
    const { data } = await query.graph({ entity: "customer", fields: ["id"], filters: { phone: variants } })
    if (data[0]) await messaging.linkInboundToCustomer([msg.id], data[0].id)
  }
}
