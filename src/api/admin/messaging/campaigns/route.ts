import type { AuthenticatedMedusaRequest, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { startCampaignWorkflow } from "../../../../workflows/campaigns"
import { campaignWithProgress } from "../helpers/campaigns"
import { messagingFrom } from "../helpers/service"
import type { CreateCampaignBody, ListCampaignsQueryType } from "../validators/messages"

/** GET /admin/messaging/campaigns — bulk sends, newest first, with progress. */
export async function GET(req: MedusaRequest<unknown, ListCampaignsQueryType>, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const { limit = 20, offset = 0, status } = req.validatedQuery as ListCampaignsQueryType
  const [rows, count] = await messaging.listAndCountMessagingCampaigns(status ? { status } : {}, {
    skip: offset,
    take: limit,
    order: { created_at: "DESC" },
  })
  const campaigns = await Promise.all(rows.map((c) => campaignWithProgress(messaging, c.id)))
  res.json({ campaigns, count, limit, offset })
}

/** POST /admin/messaging/campaigns — create and start: recipients are enqueued at the campaign's rate. */
export async function POST(req: AuthenticatedMedusaRequest<CreateCampaignBody>, res: MedusaResponse) {
  const input = { ...req.validatedBody, created_by: req.auth_context?.actor_id ?? null }
  const { result } = await startCampaignWorkflow(req.scope).run({ input })
  const { recipients: _r, ...summary } = result.plan
  const plan = result.plan
  res.status(201).json({
    campaign: await campaignWithProgress(messagingFrom(req.scope), result.campaign_id),
    plan: { ...summary, recipients: plan.recipients.length, opted_out: plan.opted_out.length },
  })
}
