import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { GENERAL_SETTINGS_ID } from "../helpers/balances"
import { messagingFrom } from "../helpers/service"
import type { UpdateGeneralSettingsBody } from "../validators/settings"
import { currentAlertDelivery } from "../../../../workflows/notify/alert-delivery"
import { updateGeneralSettingsWorkflow } from "../../../../workflows/settings"

/** GET /admin/messaging/settings — plugin-wide settings. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  await messaging.ensureInstalled()
  const settings = await messaging.retrieveMessagingGeneralSetting(GENERAL_SETTINGS_ID)
  // "smtp" | "notification" | "none": the General tab warns when alerts cannot be delivered
  res.json({ settings, alert_delivery: await currentAlertDelivery(req.scope) })
}

/** POST /admin/messaging/settings — change some of them. */
export async function POST(req: MedusaRequest<UpdateGeneralSettingsBody>, res: MedusaResponse) {
  const { result } = await updateGeneralSettingsWorkflow(req.scope).run({ input: req.validatedBody })
  res.json({ settings: result })
}
