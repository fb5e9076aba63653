import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { campaignWithProgress } from "../../helpers/campaigns"
import { messagingFrom } from "../../helpers/service"

/**
 * GET /admin/messaging/campaigns/:id — the campaign and its progress by status. Reads
 * only: the maintenance job completes a running campaign once nothing is left to send.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  res.json({ campaign: await campaignWithProgress(messagingFrom(req.scope), req.params.id) })
}
