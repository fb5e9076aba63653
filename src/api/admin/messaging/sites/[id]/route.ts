import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { invalidField } from "../../helpers/errors"
import { requirePhone } from "../../helpers/phones"
import { messagingFrom } from "../../helpers/service"
import type { UpdateSiteBody } from "../../validators/settings"

/** GET /admin/messaging/sites/:id */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const site = await messagingFrom(req.scope).retrieveMessagingSite(req.params.id)
  res.json({ site })
}

/** POST /admin/messaging/sites/:id — admin phones are stored in E.164 (parsed with the site's region). */
export async function POST(req: MedusaRequest<UpdateSiteBody>, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const stored = await messaging.retrieveMessagingSite(req.params.id)
  const body = req.validatedBody
  const region = body.default_region === undefined ? stored.default_region : body.default_region
  const update: Record<string, unknown> = { id: stored.id, ...body }
  if (body.admin_phones) update.admin_phones = body.admin_phones.map((p, i) => requirePhone(`admin_phones.${i}`, p, region))
  // one list sent: it must not share a word with the stored other list
  const optOut = body.optout_keywords ?? ((stored as any).optout_keywords as string[] | null) ?? []
  const optIn = body.optin_keywords ?? ((stored as any).optin_keywords as string[] | null) ?? []
  const both = optOut.find((k) => optIn.includes(k))
  if (both) throw invalidField(body.optout_keywords ? "optout_keywords" : "optin_keywords", `"${both}" cannot both opt out and opt in`)
  const site = await messaging.updateMessagingSites(update as any)
  res.json({ site })
}

/** DELETE /admin/messaging/sites/:id — the sales channel goes back to the global settings. */
export async function DELETE(req: MedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const stored = await messaging.retrieveMessagingSite(req.params.id)
  if (!stored.sales_channel_id) throw invalidField("id", "is the global site: it cannot be deleted")
  await messaging.deleteMessagingSites(stored.id)
  res.json({ id: stored.id, object: "messaging_site", deleted: true })
}
