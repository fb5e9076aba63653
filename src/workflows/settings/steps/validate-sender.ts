import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { invalidField } from "../../../api/admin/messaging/helpers/errors"
import { assertSenderName } from "../../../api/admin/messaging/helpers/senders"
import { messagingOf } from "../../messaging"

export const validateSenderStepId = "messaging-validate-sender"

export interface SenderChange {
  /** Absent for a new sender. */
  id?: string
  data: Record<string, any>
}

/**
 * A new sender belongs to an existing account and is not there yet; a name fits its
 * channel (400 naming the field); 404 for an unknown id. Answers the row to write. Reads only.
 */
export const validateSenderStep = createStep(validateSenderStepId, async (input: SenderChange, { container }) => {
  const messaging = messagingOf(container)
  const body = input.data
  if (input.id) {
    const stored = await messaging.retrieveMessagingSender(input.id)
    if (body.name) assertSenderName(stored.channel, body.name)
    return new StepResponse<Record<string, unknown>>({ id: stored.id, ...body })
  }
  const [account] = await messaging.listMessagingProviderAccounts({ id: body.provider_account_id })
  if (!account) throw invalidField("provider_account_id", `"${body.provider_account_id}" is not a provider account`)
  assertSenderName(body.channel, body.name)
  const clash = await messaging.listMessagingSenders({
    provider_account_id: account.id,
    channel: body.channel,
    name: body.name,
  })
  if (clash.length) throw invalidField("name", `${body.name} is already a ${body.channel} sender of this account`)
  return new StepResponse<Record<string, unknown>>(body)
})
