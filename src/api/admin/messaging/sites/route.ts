import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createSiteWorkflow } from "../../../../workflows/settings"
import { messagingFrom } from "../helpers/service"
import type { CreateSiteBody } from "../validators/settings"

/**
 * GET /admin/messaging/sites — the global site and each sales channel, with the
 * channel's own settings when it has them (else it uses the global ones).
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  await messaging.ensureInstalled()
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const [sites, { data: salesChannels }] = await Promise.all([
    messaging.listMessagingSites({}, { order: { created_at: "ASC" } }),
    query.graph({ entity: "sales_channel", fields: ["id", "name", "description", "is_disabled"] }),
  ])
  res.json({ sites, sales_channels: salesChannels })
}

/** POST /admin/messaging/sites — own settings for a sales channel, starting from the global ones. */
export async function POST(req: MedusaRequest<CreateSiteBody>, res: MedusaResponse) {
  const { result } = await createSiteWorkflow(req.scope).run({ input: req.validatedBody })
  res.status(201).json({ site: result })
}
