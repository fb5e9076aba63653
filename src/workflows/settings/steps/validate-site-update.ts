import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { invalidField } from "../../../api/admin/messaging/helpers/errors"
import { requirePhone } from "../../../api/admin/messaging/helpers/phones"
import type { UpdateSiteBody } from "../../../api/admin/messaging/validators/settings"
import { messagingOf } from "../../messaging"

export const validateSiteUpdateStepId = "messaging-validate-site-update"

/**
 * The change to a site: admin phones in E.164 (parsed with the site's region), no word
 * both an opt-out and an opt-in keyword (400 naming the field); 404 for an unknown id. Reads only.
 */
export const validateSiteUpdateStep = createStep(
  validateSiteUpdateStepId,
  async (input: { id: string; data: UpdateSiteBody }, { container }) => {
    const stored = await messagingOf(container).retrieveMessagingSite(input.id)
    const body = input.data
    const region = body.default_region === undefined ? stored.default_region : body.default_region
    const update: Record<string, unknown> & { id: string } = { id: stored.id, ...body }
    if (body.admin_phones)
      update.admin_phones = body.admin_phones.map((p, i) => requirePhone(`admin_phones.${i}`, p, region))
    // one list sent: it must not share a word with the stored other list
    const optOut = body.optout_keywords ?? stored.optout_keywords ?? []
    const optIn = body.optin_keywords ?? stored.optin_keywords ?? []
    const both = optOut.find((k) => optIn.includes(k))
    if (both)
      throw invalidField(
        body.optout_keywords ? "optout_keywords" : "optin_keywords",
        `"${both}" cannot both opt out and opt in`
      )
    return new StepResponse(update)
  }
)
