import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { invalidField } from "../helpers/errors"
import { assertSenderName } from "../helpers/senders"
import { messagingFrom } from "../helpers/service"
import type { CreateSenderBody } from "../validators/templates"

/** GET /admin/messaging/senders — SMS and Viber senders per provider account. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const senders = await messagingFrom(req.scope).listMessagingSenders({}, { order: { provider_account_id: "ASC", channel: "ASC", name: "ASC" } })
  res.json({ senders })
}

/** POST /admin/messaging/senders — a sender as registered with the provider. */
export async function POST(req: MedusaRequest<CreateSenderBody>, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const body = req.validatedBody
  const [account] = await messaging.listMessagingProviderAccounts({ id: body.provider_account_id })
  if (!account) throw invalidField("provider_account_id", `"${body.provider_account_id}" is not a provider account`)
  assertSenderName(body.channel, body.name)
  const clash = await messaging.listMessagingSenders({ provider_account_id: account.id, channel: body.channel, name: body.name })
  if (clash.length) throw invalidField("name", `${body.name} is already a ${body.channel} sender of this account`)
  const sender = await messaging.createMessagingSenders(body as any)
  res.status(201).json({ sender })
}
