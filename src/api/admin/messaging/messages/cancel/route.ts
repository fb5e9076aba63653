import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { messagingFrom } from "../../helpers/service"
import type { IdsBodyType } from "../../validators/common"

/** POST /admin/messaging/messages/cancel — cancel queued/deferred messages; others are listed as not cancelable. */
export async function POST(req: MedusaRequest<IdsBodyType>, res: MedusaResponse) {
  const result = await messagingFrom(req.scope).cancelMessages(req.validatedBody.ids)
  res.json(result)
}
