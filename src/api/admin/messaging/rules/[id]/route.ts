import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteCustomRuleWorkflow, updateCustomRuleWorkflow } from "../../../../../workflows/rules"
import { deleteById, getById } from "../../helpers/by-id"
import type { UpdateRuleBody } from "../../validators/templates"

/** GET /admin/messaging/rules/:id */
export const GET = getById("rule", (messaging, id) => messaging.retrieveMessagingCustomRule(id))

/** POST /admin/messaging/rules/:id */
export async function POST(req: MedusaRequest<UpdateRuleBody>, res: MedusaResponse) {
  const { result } = await updateCustomRuleWorkflow(req.scope).run({
    input: { id: req.params.id, data: req.validatedBody },
  })
  res.json({ rule: result })
}

/** DELETE /admin/messaging/rules/:id */
export const DELETE = deleteById("messaging_custom_rule", deleteCustomRuleWorkflow)
