import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { siteOf } from "../../../api/admin/messaging/helpers/context"
import type { Channel } from "../../../modules/messaging/types"
import { messagingOf, type ManualSendInput } from "../../messaging"

export const prepareStaffTestStepId = "messaging-prepare-staff-test"

/**
 * A critical test message for each of a staff profile's targets (Telegram chat, e-mail).
 * 404 for an unknown id. Reads only: nothing to undo.
 */
export const prepareStaffTestStep = createStep(
  prepareStaffTestStepId,
  async (input: { id: string; created_by: string | null }, { container }) => {
    const messaging = messagingOf(container)
    const profile = await messaging.retrieveMessagingStaffProfile(input.id)
    const site = await siteOf(messaging, profile.sales_channel_id)
    const body = `${site.name}: test message for the staff profile "${profile.name}". If you can read this, notifications reach you.`
    const targets: Array<[Channel, string]> = []
    if (profile.telegram_chat_id) targets.push(["telegram", profile.telegram_chat_id])
    if (profile.email) targets.push(["email", profile.email])
    const sends: ManualSendInput[] = targets.map(([channel, recipient]) => ({
      channel,
      recipients: [recipient],
      body,
      subject: channel === "email" ? `${site.name}: test notification` : null,
      sales_channel_id: profile.sales_channel_id,
      critical: true,
      created_by: input.created_by,
    }))
    return new StepResponse(sends)
  }
)
