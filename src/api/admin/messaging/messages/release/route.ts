import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { messagingFrom } from "../../helpers/service"
import type { IdsBodyType } from "../../validators/common"

/** POST /admin/messaging/messages/release — "send now" for messages held by quiet hours. */
export async function POST(req: MedusaRequest<IdsBodyType>, res: MedusaResponse) {
  const ids = req.validatedBody.ids
  const released = await messagingFrom(req.scope).releaseMessages(ids)
  res.json({ released, not_released: ids.filter((id) => !released.includes(id)) })
}
