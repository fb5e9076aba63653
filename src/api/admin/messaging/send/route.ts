import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { renderTemplateSync } from "../../../../modules/messaging/text"
import { macroVariables, resolveCustomer, resolveOrder, siteOf } from "../helpers/context"
import { invalidField } from "../helpers/errors"
import { recipientFor } from "../helpers/recipients"
import { messagingFrom } from "../helpers/service"
import { assertValidTemplate } from "../helpers/text"
import type { SendMessageBody } from "../validators/messages"

/**
 * POST /admin/messaging/send — a manual message from an order or customer page. The
 * text (free text or a template) is rendered with the order's or customer's data, then
 * goes through the outbox like every message (opt-outs, quiet hours unless critical,
 * transliteration, failover).
 */
export async function POST(req: AuthenticatedMedusaRequest<SendMessageBody>, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const input = req.validatedBody
  if (!input.body === !input.template_id) throw invalidField("body", "or template_id must be given (one of them)")

  const template = input.template_id ? await messaging.retrieveMessagingTemplate(input.template_id) : null
  const event_name = template?.event_name ?? "manual"
  const source = template?.body ?? input.body!
  if (!template) assertValidTemplate("body", source, "manual", "customer")

  const order = input.order_id ? await resolveOrder(req.scope, input.order_id) : null
  const customerId = input.customer_id ?? order?.customer_id ?? null
  const customer = !order && customerId ? await resolveCustomer(req.scope, customerId) : null
  const site = await siteOf(messaging, order?.sales_channel_id ?? input.sales_channel_id)
  const region = site.default_region ?? order?.customer_phones.find((p) => p.country)?.country?.toUpperCase() ?? null
  const recipient = recipientFor("to", input.channel, input.to, region)

  const variables = macroVariables({ event_name, site, locale: template?.locale, order, customer })
  let text: string
  let subject: string | null
  try {
    text = renderTemplateSync(source, variables).trim()
    const subjectSource = input.subject ?? template?.subject ?? null
    subject = subjectSource ? renderTemplateSync(subjectSource, variables).trim() : null
  } catch (e) {
    throw invalidField(template ? "template_id" : "body", `could not be rendered: ${(e as Error).message}`)
  }
  if (!text) throw invalidField(template ? "template_id" : "body", "renders to an empty text")

  const result = await messaging.enqueueManualMessages({
    channel: input.channel,
    recipients: [recipient],
    body: text,
    subject,
    sales_channel_id: order?.sales_channel_id ?? input.sales_channel_id ?? null,
    order_id: order?.order_id ?? null,
    customer_id: customerId,
    template_code: template?.code ?? null,
    critical: input.critical ?? false,
    created_by: req.auth_context?.actor_id ?? null,
  })
  res.status(201).json({ message: result.created[0] ?? null, skipped: result.skipped })
}
