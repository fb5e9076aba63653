import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { GENERAL_SETTINGS_ID, toBalance } from "../helpers/balances"
import { messagingFrom } from "../helpers/service"

/** GET /admin/messaging/balances — last known balance of each account. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  await messaging.ensureInstalled()
  const rows = await messaging.listMessagingProviderAccounts({}, { order: { priority: "ASC", created_at: "ASC" } })
  const [settings] = await messaging.listMessagingGeneralSettings({ id: GENERAL_SETTINGS_ID })
  res.json({ balances: rows.map(toBalance), low_balance_threshold: settings?.low_balance_threshold ?? null })
}
