import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { findDefaultTemplate } from "../../../../../../modules/messaging/text"
import { invalidField } from "../../../helpers/errors"
import { messagingFrom } from "../../../helpers/service"

/** POST /admin/messaging/templates/:id/reset — back to the BW_ default text for its event, audience, channel and locale. */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const stored = await messaging.retrieveMessagingTemplate(req.params.id)
  const fallback = findDefaultTemplate(stored.event_name, stored.audience, stored.channel, stored.locale)
  if (!fallback) throw invalidField("id", `${stored.code} has no BW_ default to reset to`)
  const template = await messaging.updateMessagingTemplates({
    id: stored.id,
    body: fallback.body,
    subject: fallback.subject ?? null,
    critical: fallback.critical ?? false,
    is_default: fallback.locale === stored.locale.slice(0, 2).toLowerCase(),
  })
  res.json({ template })
}
