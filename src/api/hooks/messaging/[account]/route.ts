/**
 * Delivery reports and inbound messages: POST /hooks/messaging/:account (the account id
 * shown in the admin). The adapter verifies the signature/secret; a mismatch answers 401
 * and changes nothing, a callback id already used answers 409 (replay), a disabled or
 * unknown account 404. Answered as soon as the report is stored.
 */
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MESSAGING_MODULE } from "../../../../modules/messaging"
import type MessagingModuleService from "../../../../modules/messaging/service"
import { linkInboundToCustomers, webhookErrorAnswer, webhookRequestOf } from "../helpers"

async function handle(req: MedusaRequest, res: MedusaResponse) {
  const messaging = req.scope.resolve<MessagingModuleService>(MESSAGING_MODULE)
  const accountId = req.params.account
  const general = await messaging.generalSettings()
  try {
    const outcome = await messaging.handleWebhook(accountId, webhookRequestOf(req, general.public_url as string | null))
    await linkInboundToCustomers(req, messaging, outcome.inbound)
    const response = outcome.response
    if (response) {
      if (response.contentType) res.type(response.contentType)
      res.status(response.status).send(response.body as any)
      return
    }
    res
      .status(200)
      .json({ ok: true, reports: outcome.reports, applied: outcome.applied, inbound: outcome.inbound.length })
  } catch (e) {
    const answer = webhookErrorAnswer(e, accountId)
    if (!answer) throw e
    res.status(answer.status).json({ message: answer.message })
  }
}

export const POST = handle
