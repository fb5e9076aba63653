import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { renderTemplateSync, transliterate } from "../../../../../modules/messaging/text"
import { macroVariables, resolveOrder, siteOf } from "../../helpers/context"
import { messagingFrom } from "../../helpers/service"
import { checkTemplate, measureText } from "../../helpers/text"
import type { PreviewTemplateBody } from "../../validators/templates"

/**
 * POST /admin/messaging/templates/preview — the text as a customer would get it, with a
 * real order's data (order_id) or the event's sample data, and its SMS counter.
 */
export async function POST(req: MedusaRequest<PreviewTemplateBody>, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const input = req.validatedBody
  const order = input.order_id ? await resolveOrder(req.scope, input.order_id) : null
  const site = await siteOf(messaging, order?.sales_channel_id ?? input.sales_channel_id)
  const variables = macroVariables({
    event_name: input.event_name,
    site,
    locale: input.locale,
    order,
    withSample: true,
  })
  const validation = checkTemplate(input.body, input.event_name, input.audience, input.locale ?? site.locale)
  let text: string | null = null
  let subject: string | null = null
  let error: string | null = null
  try {
    text = renderTemplateSync(input.body, variables).trim()
    subject = input.subject ? renderTemplateSync(input.subject, variables).trim() : null
  } catch (e) {
    error = (e as Error).message
  }
  const sent = text !== null && site.transliterate ? transliterate(text) : text
  res.json({
    preview: {
      text,
      subject,
      /** What goes out after the site's transliteration setting. */
      sent_text: sent,
      error,
      source: order ? "order" : "sample",
      order_id: order?.order_id ?? null,
      counter: sent !== null ? measureText(sent) : null,
    },
    validation,
  })
}
