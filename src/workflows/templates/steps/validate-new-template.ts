import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { invalidField } from "../../../api/admin/messaging/helpers/errors"
import { assertValidTemplate } from "../../../api/admin/messaging/helpers/text"
import type { CreateTemplateBody } from "../../../api/admin/messaging/validators/templates"
import { defaultTemplateCode } from "../../../modules/messaging/text"
import { isSupportedEvent } from "../../../modules/messaging/events/catalogue"
import { messagingOf } from "../../messaging"

export const validateNewTemplateStepId = "messaging-validate-new-template"

function customCode(event: string, audience: string, channel: string): string {
  return `CUSTOM_${event.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_${audience.toUpperCase()}_${channel.toUpperCase()}`.slice(
    0,
    80
  )
}

/**
 * The template to write: without a code it takes the event's BW_ code, so a site/locale
 * override of a default keeps its code. 400 for a text that does not validate or a code
 * that already exists for the site and locale. Reads only: nothing to undo.
 */
export const validateNewTemplateStep = createStep(
  validateNewTemplateStepId,
  async (body: CreateTemplateBody, { container }) => {
    const code =
      body.code ??
      (isSupportedEvent(body.event_name) && body.event_name !== "manual"
        ? defaultTemplateCode(body.event_name, body.audience, body.channel)
        : customCode(body.event_name, body.audience, body.channel))
    assertValidTemplate("body", body.body, body.event_name, body.audience, body.locale)
    const sales_channel_id = body.sales_channel_id ?? null
    const clash = await messagingOf(container).listMessagingTemplates({ code, locale: body.locale, sales_channel_id })
    if (clash.length) {
      throw invalidField(
        "code",
        `${code} already exists for this site and locale (${clash[0].id}): edit that template instead`
      )
    }
    return new StepResponse<Record<string, unknown>>({ ...body, code, sales_channel_id, is_default: false })
  }
)
