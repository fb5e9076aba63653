import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteStaffProfileWorkflow, updateStaffProfileWorkflow } from "../../../../../workflows/staff"
import { deleteById, getById } from "../../helpers/by-id"
import type { UpdateStaffBody } from "../../validators/templates"

/** GET /admin/messaging/staff/:id */
export const GET = getById("profile", (messaging, id) => messaging.retrieveMessagingStaffProfile(id))

/** POST /admin/messaging/staff/:id */
export async function POST(req: MedusaRequest<UpdateStaffBody>, res: MedusaResponse) {
  const { result } = await updateStaffProfileWorkflow(req.scope).run({
    input: { id: req.params.id, data: req.validatedBody },
  })
  res.json({ profile: result })
}

/** DELETE /admin/messaging/staff/:id */
export const DELETE = deleteById("messaging_staff_profile", deleteStaffProfileWorkflow)
