import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { messagingFrom } from "../../helpers/service"
import type { IdsBodyType } from "../../validators/common"

/**
 * Messages that may be sent again. Skipped ones are not: they were skipped for a
 * reason (opt-out, invalid number) a copy would bypass. Pending ones are still going.
 */
const RESENDABLE = ["sent", "delivered", "read", "undelivered", "failed", "canceled"]

/** POST /admin/messaging/messages/resend — a new copy of each finished message (the original stays in History). */
export async function POST(req: AuthenticatedMedusaRequest<IdsBodyType>, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const ids = req.validatedBody.ids
  const eligible = await messaging.listMessagingMessages({ id: ids, status: RESENDABLE, direction: "outbound" }, { select: ["id"] })
  const eligibleIds = eligible.map((m) => m.id)
  const messages = eligibleIds.length ? await messaging.resendMessages(eligibleIds, req.auth_context?.actor_id ?? null) : []
  const resent = new Set(messages.map((m) => m.parent_id))
  res.status(201).json({ messages, not_resent: ids.filter((id) => !resent.has(id)) })
}
