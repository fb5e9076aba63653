import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { macroVariables, resolveCustomer, resolveOrder, siteOf } from "../../../api/admin/messaging/helpers/context"
import { invalidField } from "../../../api/admin/messaging/helpers/errors"
import { recipientFor } from "../../../api/admin/messaging/helpers/recipients"
import { assertValidTemplate } from "../../../api/admin/messaging/helpers/text"
import type { SendMessageBody } from "../../../api/admin/messaging/validators/messages"
import { renderTemplateSync } from "../../../modules/messaging/text"
import { messagingOf, type ManualSendInput } from "../../messaging"

export const prepareManualMessageStepId = "messaging-prepare-manual-message"

export type PrepareManualMessageStepInput = SendMessageBody & { created_by: string | null }

/**
 * A manual message from an order or customer page: the text (free text or a template)
 * rendered with the order's or customer's data, the recipient checked for the channel.
 * Reads only: nothing to undo. 400 naming the field for a bad input, 404 for an unknown order.
 */
export const prepareManualMessageStep = createStep(
  prepareManualMessageStepId,
  async (input: PrepareManualMessageStepInput, { container }) => {
    const messaging = messagingOf(container)
    if (!input.body === !input.template_id) throw invalidField("body", "or template_id must be given (one of them)")

    const template = input.template_id ? await messaging.retrieveMessagingTemplate(input.template_id) : null
    const event_name = template?.event_name ?? "manual"
    const source = template?.body ?? input.body!
    if (!template) assertValidTemplate("body", source, "manual", "customer")

    const order = input.order_id ? await resolveOrder(container, input.order_id) : null
    const customerId = input.customer_id ?? order?.customer_id ?? null
    const customer = !order && customerId ? await resolveCustomer(container, customerId) : null
    const site = await siteOf(messaging, order?.sales_channel_id ?? input.sales_channel_id)
    const region = site.default_region ?? order?.customer_phones.find((p) => p.country)?.country?.toUpperCase() ?? null
    const recipient = recipientFor("to", input.channel, input.to, region)

    const variables = macroVariables({ event_name, site, locale: template?.locale, order, customer })
    let text: string
    let subject: string | null
    try {
      text = renderTemplateSync(source, variables).trim()
      const subjectSource = input.subject ?? template?.subject ?? null
      subject = subjectSource ? renderTemplateSync(subjectSource, variables).trim() : null
    } catch (e) {
      throw invalidField(template ? "template_id" : "body", `could not be rendered: ${(e as Error).message}`)
    }
    if (!text) throw invalidField(template ? "template_id" : "body", "renders to an empty text")

    const message: ManualSendInput = {
      channel: input.channel,
      recipients: [recipient],
      body: text,
      subject,
      sales_channel_id: order?.sales_channel_id ?? input.sales_channel_id ?? null,
      order_id: order?.order_id ?? null,
      customer_id: customerId,
      template_code: template?.code ?? null,
      critical: input.critical ?? false,
      created_by: input.created_by,
    }
    return new StepResponse(message)
  }
)
