import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { GENERAL_SETTINGS_ID } from "../helpers/balances"
import { messagingFrom } from "../helpers/service"
import type { UpdateGeneralSettingsBody } from "../validators/settings"

/** GET /admin/messaging/settings — plugin-wide settings. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  await messaging.ensureInstalled()
  const settings = await messaging.retrieveMessagingGeneralSetting(GENERAL_SETTINGS_ID)
  res.json({ settings })
}

/** POST /admin/messaging/settings — change some of them. */
export async function POST(req: MedusaRequest<UpdateGeneralSettingsBody>, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  await messaging.ensureInstalled()
  const settings = await messaging.updateMessagingGeneralSettings({ id: GENERAL_SETTINGS_ID, ...req.validatedBody })
  messaging.invalidateCaches()
  res.json({ settings })
}
