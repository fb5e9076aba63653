/**
 * Delivery reports and inbound messages: POST /hooks/messaging/:account (the account id
 * shown in the admin). The adapter verifies the signature/secret; a mismatch answers 401
 * and changes nothing, a callback id already used answers 409 (replay), a disabled or
 * unknown account 404. Answered as soon as the report is stored.
 */
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { MESSAGING_MODULE } from "../../../../modules/messaging"
import { WebhookAuthError, WebhookReplayError, WebhooksNotSupportedError } from "../../../../modules/messaging/providers"
import type MessagingModuleService from "../../../../modules/messaging/service"

async function handle(req: MedusaRequest, res: MedusaResponse) {
  const messaging = req.scope.resolve<MessagingModuleService>(MESSAGING_MODULE)
  const accountId = req.params.account
  const general = await messaging.generalSettings()
  const base = (general.public_url as string | null) ?? `${req.protocol}://${req.get("host")}`
  const body = req.body && typeof req.body === "object" ? (req.body as Record<string, any>) : {}
  try {
    const outcome = await messaging.handleWebhook(accountId, {
      url: `${base.replace(/\/$/, "")}${req.originalUrl}`,
      method: req.method,
      headers: req.headers,
      rawBody: (req as unknown as { rawBody?: Buffer }).rawBody ?? (typeof req.body === "string" ? req.body : JSON.stringify(body)),
      body,
      query: req.query as Record<string, any>,
    })
    await linkInboundToCustomers(req, messaging, outcome.inbound)
    const response = outcome.response
    if (response) {
      if (response.contentType) res.type(response.contentType)
      res.status(response.status).send(response.body as any)
      return
    }
    res.status(200).json({ ok: true, reports: outcome.reports, applied: outcome.applied, inbound: outcome.inbound.length })
  } catch (e) {
    if (e instanceof WebhookAuthError) {
      res.status(401).json({ message: e.message })
      return
    }
    if (e instanceof WebhookReplayError) {
      res.status(409).json({ message: e.message })
      return
    }
    // unknown, deleted or disabled account, or a provider without callbacks: nothing here
    if (e instanceof WebhooksNotSupportedError || /not found/.test((e as Error).message)) {
      res.status(404).json({ message: `unknown messaging account ${accountId}` })
      return
    }
    throw e
  }
}

/** Inbound messages go into the customer's history when a customer has that phone. */
async function linkInboundToCustomers(
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

export const POST = handle
