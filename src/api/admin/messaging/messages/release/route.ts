import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { releaseMessagesWorkflow } from "../../../../../workflows/messages"
import type { IdsBodyType } from "../../validators/common"

/** POST /admin/messaging/messages/release — "send now" for messages held by quiet hours. */
export async function POST(req: MedusaRequest<IdsBodyType>, res: MedusaResponse) {
  const { result } = await releaseMessagesWorkflow(req.scope).run({ input: req.validatedBody.ids })
  res.json(result)
}
