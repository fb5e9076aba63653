import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { toBalance } from "../../helpers/balances"
import { messagingFrom } from "../../helpers/service"

/** POST /admin/messaging/balances/refresh — ask every provider with a balance API now. */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  await messaging.refreshBalances()
  const rows = await messaging.listMessagingProviderAccounts({}, { order: { priority: "ASC", created_at: "ASC" } })
  res.json({ balances: rows.map(toBalance) })
}
