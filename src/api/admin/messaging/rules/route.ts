import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { createCustomRuleWorkflow } from "../../../../workflows/rules"
import { messagingFrom } from "../helpers/service"
import type { CreateRuleBody } from "../validators/templates"

/** GET /admin/messaging/rules — custom rules ("send on any event"). */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const rules = await messagingFrom(req.scope).listMessagingCustomRules({}, { order: { created_at: "ASC" } })
  res.json({ rules })
}

/** POST /admin/messaging/rules */
export async function POST(req: MedusaRequest<CreateRuleBody>, res: MedusaResponse) {
  const { result } = await createCustomRuleWorkflow(req.scope).run({ input: req.validatedBody })
  res.status(201).json({ rule: result })
}
