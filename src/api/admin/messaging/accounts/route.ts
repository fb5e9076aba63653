import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  ACCOUNT_TYPES,
  assertAllowedAccountHost,
  assertKnownFields,
  assertUsableAccount,
  mergeCredentials,
  toAdminAccount,
  type AccountRow,
} from "../helpers/accounts"
import { messagingFrom } from "../helpers/service"
import type { CreateAccountBody } from "../validators/settings"

/** GET /admin/messaging/accounts — accounts by priority (credentials masked) and the fields of each type. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  await messaging.ensureInstalled()
  const rows = await messaging.listMessagingProviderAccounts({}, { order: { priority: "ASC", created_at: "ASC" } })
  res.json({ accounts: rows.map((r) => toAdminAccount(r as unknown as AccountRow)), types: ACCOUNT_TYPES })
}

/** POST /admin/messaging/accounts — add an account. */
export async function POST(req: MedusaRequest<CreateAccountBody>, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  const { credentials = {}, config = {}, ...rest } = req.validatedBody
  assertKnownFields(rest.type, credentials, config)
  const creds = mergeCredentials({}, credentials)
  const cleanConfig = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== null && v !== ""))
  assertUsableAccount(rest.type, creds, cleanConfig, rest.base_url)
  await assertAllowedAccountHost(rest.type, rest.base_url, cleanConfig, messaging.getOptions().allowed_hosts)
  const created = await messaging.createMessagingProviderAccounts({
    ...rest,
    credentials: creds,
    config: cleanConfig,
    source: "admin",
  } as any)
  messaging.invalidateCaches()
  res.status(201).json({ account: toAdminAccount(created as unknown as AccountRow) })
}
