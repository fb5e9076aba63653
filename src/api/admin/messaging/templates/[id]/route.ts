import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteTemplateWorkflow, updateTemplateWorkflow } from "../../../../../workflows/templates"
import { deleteById, getById } from "../../helpers/by-id"
import type { UpdateTemplateBody } from "../../validators/templates"

/** GET /admin/messaging/templates/:id */
export const GET = getById("template", (messaging, id) => messaging.retrieveMessagingTemplate(id))

/** POST /admin/messaging/templates/:id — an edited text must validate; it is then no longer the default. */
export async function POST(req: MedusaRequest<UpdateTemplateBody>, res: MedusaResponse) {
  const { result } = await updateTemplateWorkflow(req.scope).run({
    input: { id: req.params.id, update: req.validatedBody },
  })
  res.json({ template: result })
}

/** DELETE /admin/messaging/templates/:id */
export const DELETE = deleteById("messaging_template", deleteTemplateWorkflow)
