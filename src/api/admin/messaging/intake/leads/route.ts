import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { intakeFrom } from "../helpers"
import type { ListLeadsQuery } from "../validators"

const LIST_FIELDS = [
  "id",
  "collector_id",
  "source",
  "status",
  "assignee_user_id",
  "assignee_group",
  "subject",
  "contact_person",
  "phone",
  "email",
  "tax_id",
  "encoding",
  "parse_errors",
  "customer_id",
  "draft_order_id",
  "draft_order_error",
  "created_at",
] as const

/** GET /admin/messaging/intake/leads — newest first, filtered by status, collector, assignee, errors, text. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const q = req.validatedQuery as unknown as ListLeadsQuery
  const filters: Record<string, unknown> = {}
  if (q.status) filters.status = q.status
  if (q.collector_id) filters.collector_id = q.collector_id
  if (q.assignee_user_id) filters.assignee_user_id = q.assignee_user_id
  if (q.with_errors) filters.parse_errors = q.with_errors === "true" ? { $ne: null } : null
  if (q.q) {
    const like = { $ilike: `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%` }
    filters.$or = [{ subject: like }, { contact_person: like }, { phone: like }, { email: like }, { tax_id: like }]
  }
  const [leads, count] = await intakeFrom(req.scope).listAndCountIntakeLeads(filters, {
    select: [...LIST_FIELDS],
    order: { created_at: "DESC" },
    take: q.limit,
    skip: q.offset,
  })
  res.json({ leads, count, limit: q.limit, offset: q.offset })
}
