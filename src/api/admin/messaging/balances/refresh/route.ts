import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { refreshBalancesWorkflow } from "../../../../../workflows/maintenance"
import { toBalance } from "../../helpers/balances"
import { messagingFrom } from "../../helpers/service"

/** POST /admin/messaging/balances/refresh — ask every provider with a balance API now. */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  await refreshBalancesWorkflow(req.scope).run()
  const rows = await messagingFrom(req.scope).listMessagingProviderAccounts(
    {},
    { order: { priority: "ASC", created_at: "ASC" } }
  )
  res.json({ balances: rows.map(toBalance) })
}
