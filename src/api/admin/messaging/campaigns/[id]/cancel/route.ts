import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { campaignWithProgress } from "../../../helpers/campaigns"
import { messagingFrom } from "../../../helpers/service"

/** POST /admin/messaging/campaigns/:id/cancel */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  await messaging.retrieveMessagingCampaign(req.params.id)
  const affected = await messaging.cancelCampaign(req.params.id)
  res.json({ campaign: await campaignWithProgress(messaging, req.params.id), affected })
}
