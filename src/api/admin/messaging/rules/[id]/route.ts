import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { invalidField } from "../../helpers/errors"
import { assertValidRuleTexts } from "../../helpers/rules"
import { messagingFrom } from "../../helpers/service"
import type { UpdateRuleBody } from "../../validators/templates"

/** GET /admin/messaging/rules/:id */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const rule = await messagingFrom(req.scope).retrieveMessagingCustomRule(req.params.id)
  res.json({ rule })
}

/** POST /admin/messaging/rules/:id */
export async function POST(req: MedusaRequest<UpdateRuleBody>, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const stored = await messaging.retrieveMessagingCustomRule(req.params.id)
  const merged = { ...stored, ...req.validatedBody }
  if (!merged.customer_text && !merged.admin_text) throw invalidField("customer_text", "or admin_text must be set")
  // switching a rule off always works (a rule saved before the credential checks can be disabled)
  const onlyDisables = Object.keys(req.validatedBody).length === 1 && req.validatedBody.enabled === false
  if (!onlyDisables) assertValidRuleTexts(merged)
  const rule = await messaging.updateMessagingCustomRules({ id: stored.id, ...req.validatedBody } as any)
  res.json({ rule })
}

/** DELETE /admin/messaging/rules/:id */
export async function DELETE(req: MedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const stored = await messaging.retrieveMessagingCustomRule(req.params.id)
  await messaging.deleteMessagingCustomRules(stored.id)
  res.json({ id: stored.id, object: "messaging_custom_rule", deleted: true })
}
