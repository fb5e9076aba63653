import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { testProviderAccountWorkflow } from "../../../../../../workflows/settings"

/**
 * POST /admin/messaging/accounts/:id/test-connection — probe the provider with the stored
 * credentials; answers 200 with ok=false and the (masked) reason when it fails.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const { result } = await testProviderAccountWorkflow(req.scope).run({ input: req.params.id })
  res.json({ result })
}
