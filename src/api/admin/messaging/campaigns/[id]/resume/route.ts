import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resumeCampaignWorkflow } from "../../../../../../workflows/campaigns"
import { campaignWithProgress } from "../../../helpers/campaigns"
import { messagingFrom } from "../../../helpers/service"

/** POST /admin/messaging/campaigns/:id/resume */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const { result } = await resumeCampaignWorkflow(req.scope).run({ input: req.params.id })
  res.json({ campaign: await campaignWithProgress(messagingFrom(req.scope), req.params.id), affected: result.affected })
}
