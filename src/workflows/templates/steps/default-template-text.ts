import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { invalidField } from "../../../api/admin/messaging/helpers/errors"
import { findDefaultTemplate } from "../../../modules/messaging/text"
import { messagingOf } from "../../messaging"

export const defaultTemplateTextStepId = "messaging-default-template-text"

/**
 * The BW_ default text for a template's event, audience, channel and locale, as the
 * change that resets it. 400 when it has none, 404 for an unknown id. Reads only.
 */
export const defaultTemplateTextStep = createStep(defaultTemplateTextStepId, async (id: string, { container }) => {
  const stored = await messagingOf(container).retrieveMessagingTemplate(id)
  const fallback = findDefaultTemplate(stored.event_name, stored.audience, stored.channel, stored.locale)
  if (!fallback) throw invalidField("id", `${stored.code} has no BW_ default to reset to`)
  return new StepResponse({
    id: stored.id,
    body: fallback.body,
    subject: fallback.subject ?? null,
    critical: fallback.critical ?? false,
    is_default: fallback.locale === stored.locale.slice(0, 2).toLowerCase(),
  } as Record<string, unknown> & { id: string })
})
