import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteSiteWorkflow, updateSiteWorkflow } from "../../../../../workflows/settings"
import { deleteById, getById } from "../../helpers/by-id"
import type { UpdateSiteBody } from "../../validators/settings"

/** GET /admin/messaging/sites/:id */
export const GET = getById("site", (messaging, id) => messaging.retrieveMessagingSite(id))

/** POST /admin/messaging/sites/:id — admin phones are stored in E.164 (parsed with the site's region). */
export async function POST(req: MedusaRequest<UpdateSiteBody>, res: MedusaResponse) {
  const { result } = await updateSiteWorkflow(req.scope).run({ input: { id: req.params.id, data: req.validatedBody } })
  res.json({ site: result })
}

/** DELETE /admin/messaging/sites/:id — the sales channel goes back to the global settings. */
export const DELETE = deleteById("messaging_site", deleteSiteWorkflow)
