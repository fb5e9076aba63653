import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { invalidField } from "../../../api/admin/messaging/helpers/errors"
import { messagingOf } from "../../messaging"

export const validateAccountDeleteStepId = "messaging-validate-account-delete"

/** Accounts declared in medusa-config are removed there, not here (400); 404 for an unknown id. Reads only. */
export const validateAccountDeleteStep = createStep(validateAccountDeleteStepId, async (id: string, { container }) => {
  const stored = await messagingOf(container).retrieveMessagingProviderAccount(id)
  if (stored.source === "options") {
    throw invalidField(
      "id",
      "is an account declared in medusa-config (plugin options): remove it there, or disable it here"
    )
  }
  return new StepResponse(stored.id as string)
})
