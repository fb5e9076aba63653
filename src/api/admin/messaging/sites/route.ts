import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { invalidField } from "../helpers/errors"
import { requirePhone } from "../helpers/phones"
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
  const messaging = messagingFrom(req.scope)
  await messaging.ensureInstalled()
  const body = req.validatedBody
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: channels } = await query.graph({ entity: "sales_channel", fields: ["id", "name"], filters: { id: body.sales_channel_id } })
  if (!channels.length) throw invalidField("sales_channel_id", `"${body.sales_channel_id}" is not a sales channel`)
  const existing = await messaging.listMessagingSites({ sales_channel_id: body.sales_channel_id })
  if (existing.length) throw invalidField("sales_channel_id", "already has its own settings: edit them instead")
  const [global] = await messaging.listMessagingSites({ sales_channel_id: null })
  const { id: _id, created_at: _c, updated_at: _u, deleted_at: _d, ...defaults } = global as Record<string, unknown>
  const region = body.default_region ?? (defaults.default_region as string | null)
  const admin_phones = (body.admin_phones ?? (defaults.admin_phones as string[]) ?? []).map((p, i) => requirePhone(`admin_phones.${i}`, p, region))
  const site = await messaging.createMessagingSites({
    ...defaults,
    name: body.name ?? channels[0].name,
    ...body,
    admin_phones,
  } as any)
  res.status(201).json({ site })
}
