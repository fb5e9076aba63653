import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteProviderAccountWorkflow, updateProviderAccountWorkflow } from "../../../../../workflows/settings"
import { toAdminAccount } from "../../helpers/accounts"
import { deleteById, getById } from "../../helpers/by-id"
import type { UpdateAccountBody } from "../../validators/settings"

/** GET /admin/messaging/accounts/:id (credentials masked) */
export const GET = getById("account", async (messaging, id) =>
  toAdminAccount(await messaging.retrieveMessagingProviderAccount(id))
)

/**
 * POST /admin/messaging/accounts/:id — credentials are only replaced when a new value is
 * sent; accounts declared in medusa-config take theirs from there. Changing where the
 * account connects (base_url, an SMTP host or port) needs its secrets entered again.
 */
export async function POST(req: MedusaRequest<UpdateAccountBody>, res: MedusaResponse) {
  const { result } = await updateProviderAccountWorkflow(req.scope).run({
    input: { id: req.params.id, data: req.validatedBody },
  })
  res.json({ account: toAdminAccount(result) })
}

/** DELETE /admin/messaging/accounts/:id — one declared in medusa-config is removed there (400). */
export const DELETE = deleteById("messaging_provider_account", deleteProviderAccountWorkflow)
