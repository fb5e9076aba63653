import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { Channel } from "../../../../../../modules/messaging/types"
import { siteOf } from "../../../helpers/context"
import { messagingFrom } from "../../../helpers/service"

/**
 * POST /admin/messaging/staff/:id/send-test — a test message to the profile's Telegram chat
 * and e-mail, through the outbox like any other message (see it in History).
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const profile = await messaging.retrieveMessagingStaffProfile(req.params.id)
  const site = await siteOf(messaging, profile.sales_channel_id)
  const body = `${site.name}: test message for the staff profile "${profile.name}". If you can read this, notifications reach you.`
  const targets: Array<[Channel, string]> = []
  if (profile.telegram_chat_id) targets.push(["telegram", profile.telegram_chat_id])
  if (profile.email) targets.push(["email", profile.email])
  const messages = []
  const skipped = []
  for (const [channel, recipient] of targets) {
    const result = await messaging.enqueueManualMessages({
      channel,
      recipients: [recipient],
      body,
      subject: channel === "email" ? `${site.name}: test notification` : null,
      sales_channel_id: profile.sales_channel_id,
      critical: true,
      created_by: req.auth_context?.actor_id ?? null,
    })
    messages.push(...result.created)
    skipped.push(...result.skipped)
  }
  res.status(201).json({ messages, skipped })
}
