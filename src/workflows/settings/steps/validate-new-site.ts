import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { invalidField } from "../../../api/admin/messaging/helpers/errors"
import { requirePhone } from "../../../api/admin/messaging/helpers/phones"
import type { CreateSiteBody } from "../../../api/admin/messaging/validators/settings"
import { messagingOf } from "../../messaging"

export const validateNewSiteStepId = "messaging-validate-new-site"

/**
 * A sales channel's own settings, starting from the global ones: the channel must exist
 * and have none yet (400 naming the field); admin phones in E.164. Reads only.
 */
export const validateNewSiteStep = createStep(validateNewSiteStepId, async (body: CreateSiteBody, { container }) => {
  const messaging = messagingOf(container)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: channels } = await query.graph({
    entity: "sales_channel",
    fields: ["id", "name"],
    filters: { id: body.sales_channel_id },
  })
  if (!channels.length) throw invalidField("sales_channel_id", `"${body.sales_channel_id}" is not a sales channel`)
  const existing = await messaging.listMessagingSites({ sales_channel_id: body.sales_channel_id })
  if (existing.length) throw invalidField("sales_channel_id", "already has its own settings: edit them instead")
  const [global] = await messaging.listMessagingSites({ sales_channel_id: null })
  const { id: _id, created_at: _c, updated_at: _u, deleted_at: _d, ...defaults } = global as Record<string, unknown>
  const region = body.default_region ?? (defaults.default_region as string | null)
  const admin_phones = (body.admin_phones ?? (defaults.admin_phones as string[]) ?? []).map((p, i) =>
    requirePhone(`admin_phones.${i}`, p, region)
  )
  return new StepResponse<Record<string, unknown>>({
    ...defaults,
    name: body.name ?? channels[0].name,
    ...body,
    admin_phones,
  })
})
