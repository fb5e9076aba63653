import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { defaultTemplateCode, isSupportedEvent } from "../../../../modules/messaging/text"
import { invalidField } from "../helpers/errors"
import { messagingFrom } from "../helpers/service"
import { assertValidTemplate } from "../helpers/text"
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

function customCode(event: string, audience: string, channel: string): string {
  return `CUSTOM_${event.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_${audience.toUpperCase()}_${channel.toUpperCase()}`.slice(0, 80)
}

/**
 * POST /admin/messaging/templates — a template for an event, audience, channel, site and
 * locale. Without a code it takes the event's BW_ code, so a site/locale override of a
 * default keeps its code. A template that does not validate is refused.
 */
export async function POST(req: MedusaRequest<CreateTemplateBody>, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const body = req.validatedBody
  const code =
    body.code ??
    (isSupportedEvent(body.event_name) && body.event_name !== "manual"
      ? defaultTemplateCode(body.event_name, body.audience, body.channel)
      : customCode(body.event_name, body.audience, body.channel))
  assertValidTemplate("body", body.body, body.event_name, body.audience, body.locale)
  const sales_channel_id = body.sales_channel_id ?? null
  const clash = await messaging.listMessagingTemplates({ code, locale: body.locale, sales_channel_id })
  if (clash.length) {
    throw invalidField("code", `${code} already exists for this site and locale (${clash[0].id}): edit that template instead`)
  }
  const template = await messaging.createMessagingTemplates({ ...body, code, sales_channel_id, is_default: false } as any)
  res.status(201).json({ template })
}
