import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { invalidField } from "../../../api/admin/messaging/helpers/errors"
import { messagingOf } from "../../messaging"

export const validateSiteDeleteStepId = "messaging-validate-site-delete"

/** Only a sales channel's own settings can be deleted, never the global site (400); 404 for an unknown id. Reads only. */
export const validateSiteDeleteStep = createStep(validateSiteDeleteStepId, async (id: string, { container }) => {
  const stored = await messagingOf(container).retrieveMessagingSite(id)
  if (!stored.sales_channel_id) throw invalidField("id", "is the global site: it cannot be deleted")
  return new StepResponse(stored.id as string)
})
