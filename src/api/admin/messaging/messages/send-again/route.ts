import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sendUnknownAgainWorkflow } from "../../../../../workflows/messages"
import type { IdsBodyType } from "../../validators/common"

/**
 * POST /admin/messaging/messages/send-again — "send again" for messages whose outcome is
 * unknown (status `unknown`: the provider may have them and cannot be asked). The same
 * message is queued again as not sent; other statuses are left as they are.
 */
export async function POST(req: MedusaRequest<IdsBodyType>, res: MedusaResponse) {
  const { result } = await sendUnknownAgainWorkflow(req.scope).run({ input: req.validatedBody.ids })
  res.json(result)
}
