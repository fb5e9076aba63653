import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { messagingFrom } from "../../../helpers/service"

/**
 * POST /admin/messaging/accounts/:id/test-connection — probe the provider with the stored
 * credentials; answers 200 with ok=false and the (masked) reason when it fails.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  await messaging.retrieveMessagingProviderAccount(req.params.id)
  const result = await messaging.testAccount(req.params.id)
  res.json({ result })
}
