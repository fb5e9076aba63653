import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { invalidField } from "../helpers/errors"
import { messagingFrom } from "../helpers/service"
import { assertValidRuleTexts } from "../helpers/rules"
import type { CreateRuleBody } from "../validators/templates"

/** GET /admin/messaging/rules — custom rules ("send on any event"). */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const rules = await messagingFrom(req.scope).listMessagingCustomRules({}, { order: { created_at: "ASC" } })
  res.json({ rules })
}

/** POST /admin/messaging/rules */
export async function POST(req: MedusaRequest<CreateRuleBody>, res: MedusaResponse) {
  const body = req.validatedBody
  if (!body.customer_text && !body.admin_text) throw invalidField("customer_text", "or admin_text must be set")
  assertValidRuleTexts(body)
  const rule = await messagingFrom(req.scope).createMessagingCustomRules(body as any)
  res.status(201).json({ rule })
}
