import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  assertAllowedAccountHost,
  assertEditableHere,
  assertKnownFields,
  assertSecretsReentered,
  assertUsableAccount,
  mergeCredentials,
  toAdminAccount,
  type AccountRow,
} from "../../helpers/accounts"
import { invalidField } from "../../helpers/errors"
import { messagingFrom } from "../../helpers/service"
import type { UpdateAccountBody } from "../../validators/settings"

/** GET /admin/messaging/accounts/:id */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const row = await messagingFrom(req.scope).retrieveMessagingProviderAccount(req.params.id)
  res.json({ account: toAdminAccount(row as unknown as AccountRow) })
}

/**
 * POST /admin/messaging/accounts/:id — credentials are only replaced when a new value is
 * sent; accounts declared in medusa-config take theirs from there. Changing where the
 * account connects (base_url, an SMTP host or port) needs its secrets entered again.
 */
export async function POST(req: MedusaRequest<UpdateAccountBody>, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const stored = (await messaging.retrieveMessagingProviderAccount(req.params.id)) as unknown as AccountRow
  const { credentials, config, ...rest } = req.validatedBody
  assertEditableHere(stored, { credentials, config, base_url: rest.base_url })
  const nextCredentials = mergeCredentials(stored.credentials, credentials)
  const nextConfig =
    config === undefined
      ? { ...(stored.config ?? {}) }
      : Object.fromEntries(Object.entries(config).filter(([, v]) => v !== null && v !== ""))
  assertKnownFields(stored.type, credentials ?? {}, config ?? {})
  const baseUrl = rest.base_url === undefined ? stored.base_url : rest.base_url
  assertUsableAccount(stored.type, nextCredentials, nextConfig, baseUrl)
  assertSecretsReentered(stored, { base_url: baseUrl, config: nextConfig }, credentials)
  await assertAllowedAccountHost(stored.type, baseUrl, nextConfig, messaging.getOptions().allowed_hosts)
  const updated = await messaging.updateMessagingProviderAccounts({
    id: stored.id,
    ...rest,
    ...(credentials !== undefined ? { credentials: nextCredentials } : {}),
    ...(config !== undefined ? { config: nextConfig } : {}),
  } as any)
  messaging.invalidateCaches()
  res.json({ account: toAdminAccount(updated as unknown as AccountRow) })
}

/** DELETE /admin/messaging/accounts/:id */
export async function DELETE(req: MedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const stored = (await messaging.retrieveMessagingProviderAccount(req.params.id)) as unknown as AccountRow
  if (stored.source === "options") {
    throw invalidField(
      "id",
      "is an account declared in medusa-config (plugin options): remove it there, or disable it here"
    )
  }
  await messaging.deleteMessagingProviderAccounts(stored.id)
  messaging.invalidateCaches()
  res.json({ id: stored.id, object: "messaging_provider_account", deleted: true })
}
