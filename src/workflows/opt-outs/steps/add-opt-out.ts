import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { siteOf } from "../../../api/admin/messaging/helpers/context"
import { requirePhone } from "../../../api/admin/messaging/helpers/phones"
import { messagingOf } from "../../messaging"

export const addOptOutStepId = "messaging-add-opt-out"

export interface AddOptOutStepInput {
  phone: string
  channel: string
  sales_channel_id?: string | null
  note?: string | null
}

/**
 * Stop messages to a number on one channel or all (the phone parsed with the site's
 * region; 400 naming the field). An existing opt-out is kept as it is. Answers the
 * opt-out. Compensation: an opt-out this step created is removed again.
 */
export const addOptOutStep = createStep(
  addOptOutStepId,
  async (input: AddOptOutStepInput, { container }) => {
    const messaging = messagingOf(container)
    const site = await siteOf(messaging, input.sales_channel_id)
    const phone = requirePhone("phone", input.phone, site.default_region)
    const added = await messaging.addOptOut(phone, input.channel, "admin", input.note ?? null)
    const [optOut] = await messaging.listMessagingOptOuts({ phone, channel: input.channel })
    return new StepResponse(optOut, added ? (optOut.id as string) : null)
  },
  async (createdId, { container }) => {
    if (!createdId) return
    await messagingOf(container).softDeleteMessagingOptOuts(createdId)
  }
)
