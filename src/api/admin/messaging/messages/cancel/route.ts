import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { cancelMessagesWorkflow } from "../../../../../workflows/messages"
import type { IdsBodyType } from "../../validators/common"

/** POST /admin/messaging/messages/cancel — cancel queued/deferred messages; others are listed as not cancelable. */
export async function POST(req: MedusaRequest<IdsBodyType>, res: MedusaResponse) {
  const { result } = await cancelMessagesWorkflow(req.scope).run({ input: req.validatedBody.ids })
  res.json(result)
}
