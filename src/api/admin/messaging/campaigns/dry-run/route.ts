import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { planCampaign } from "../../helpers/campaigns"
import { messagingFrom } from "../../helpers/service"
import type { CampaignDryRunBody } from "../../validators/messages"

/** POST /admin/messaging/campaigns/dry-run — how many would get it, SMS parts and estimated cost; sends nothing. */
export async function POST(req: MedusaRequest<CampaignDryRunBody>, res: MedusaResponse) {
  const plan = await planCampaign(req.scope, messagingFrom(req.scope), req.validatedBody)
  const { recipients, opted_out, ...summary } = plan
  res.json({
    plan: {
      ...summary,
      recipients: recipients.length,
      opted_out: opted_out.length,
      sample_recipients: recipients.slice(0, 5),
    },
  })
}
