import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { messagingFrom } from "../../helpers/service"
import { assertValidTemplate } from "../../helpers/text"
import type { UpdateTemplateBody } from "../../validators/templates"

/** GET /admin/messaging/templates/:id */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const template = await messagingFrom(req.scope).retrieveMessagingTemplate(req.params.id)
  res.json({ template })
}

/** POST /admin/messaging/templates/:id — an edited text must validate; it is then no longer the default. */
export async function POST(req: MedusaRequest<UpdateTemplateBody>, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const stored = await messaging.retrieveMessagingTemplate(req.params.id)
  const body = req.validatedBody
  const update: Record<string, unknown> = { id: stored.id, ...body }
  if (body.body !== undefined) {
    assertValidTemplate("body", body.body, stored.event_name, stored.audience, stored.locale)
    if (body.body !== stored.body) update.is_default = false
  }
  if (body.subject !== undefined && body.subject !== stored.subject) update.is_default = false
  const template = await messaging.updateMessagingTemplates(update as any)
  res.json({ template })
}

/** DELETE /admin/messaging/templates/:id */
export async function DELETE(req: MedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const stored = await messaging.retrieveMessagingTemplate(req.params.id)
  await messaging.deleteMessagingTemplates(stored.id)
  res.json({ id: stored.id, object: "messaging_template", deleted: true })
}
