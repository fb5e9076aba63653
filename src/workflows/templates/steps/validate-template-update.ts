import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { assertValidTemplate } from "../../../api/admin/messaging/helpers/text"
import type { UpdateTemplateBody } from "../../../api/admin/messaging/validators/templates"
import { messagingOf } from "../../messaging"

export const validateTemplateUpdateStepId = "messaging-validate-template-update"

/**
 * The change to write: an edited text must validate (400 naming the field) and is then no
 * longer the default. 404 for an unknown id. Reads only: nothing to undo.
 */
export const validateTemplateUpdateStep = createStep(
  validateTemplateUpdateStepId,
  async (input: { id: string; update: UpdateTemplateBody }, { container }) => {
    const stored = await messagingOf(container).retrieveMessagingTemplate(input.id)
    const body = input.update
    const update: Record<string, unknown> & { id: string } = { id: stored.id, ...body }
    if (body.body !== undefined) {
      assertValidTemplate("body", body.body, stored.event_name, stored.audience, stored.locale)
      if (body.body !== stored.body) update.is_default = false
    }
    if (body.subject !== undefined && body.subject !== stored.subject) update.is_default = false
    return new StepResponse(update)
  }
)
