import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { createTemplateWorkflow } from "../../../../workflows/templates"
import { messagingFrom } from "../helpers/service"
import type { CreateTemplateBody, ListTemplatesQueryType } from "../validators/templates"

/** GET /admin/messaging/templates — filter by event, audience, channel, locale, site ("global" = shared). */
export async function GET(req: MedusaRequest<unknown, ListTemplatesQueryType>, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  await messaging.ensureInstalled()
  const { limit = 200, offset = 0, sales_channel_id, ...rest } = req.validatedQuery as ListTemplatesQueryType
  const filters: Record<string, unknown> = { ...rest }
  if (sales_channel_id !== undefined) filters.sales_channel_id = sales_channel_id === "global" ? null : sales_channel_id
  const [templates, count] = await messaging.listAndCountMessagingTemplates(filters, {
    skip: offset,
    take: limit,
    order: { event_name: "ASC", audience: "ASC", channel: "ASC", locale: "ASC" },
  })
  res.json({ templates, count, limit, offset })
}

/**
 * POST /admin/messaging/templates — a template for an event, audience, channel, site and
 * locale. Without a code it takes the event's BW_ code, so a site/locale override of a
 * default keeps its code. A template that does not validate is refused.
 */
export async function POST(req: MedusaRequest<CreateTemplateBody>, res: MedusaResponse) {
  const { result } = await createTemplateWorkflow(req.scope).run({ input: req.validatedBody })
  res.status(201).json({ template: result })
}
