import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { invalidField } from "../../../api/admin/messaging/helpers/errors"
import { messagingOf } from "../../messaging"

export const validateStaffProfileStepId = "messaging-validate-staff-profile"

export interface StaffProfileChange {
  /** Absent for a new profile. */
  id?: string
  data: Record<string, unknown> & { email?: string | null; telegram_chat_id?: string | null }
}

/**
 * A profile needs an e-mail or a Telegram chat id, after the change (400 naming the field);
 * 404 for an unknown id. Answers the row to write. Reads only: nothing to undo.
 */
export const validateStaffProfileStep = createStep(
  validateStaffProfileStepId,
  async (input: StaffProfileChange, { container }) => {
    const stored = input.id ? await messagingOf(container).retrieveMessagingStaffProfile(input.id) : null
    const merged = { ...(stored ?? {}), ...input.data }
    if (!merged.email && !merged.telegram_chat_id) throw invalidField("email", "or telegram_chat_id must be set")
    return new StepResponse<Record<string, unknown>>(stored ? { id: stored.id, ...input.data } : input.data)
  }
)
