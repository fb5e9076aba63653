import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { createProviderAccountWorkflow } from "../../../../workflows/settings"
import { ACCOUNT_TYPES, toAdminAccount } from "../helpers/accounts"
import { messagingFrom } from "../helpers/service"
import type { CreateAccountBody } from "../validators/settings"

/** GET /admin/messaging/accounts — accounts by priority (credentials masked) and the fields of each type. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const messaging = messagingFrom(req.scope)
  await messaging.ensureInstalled()
  const rows = await messaging.listMessagingProviderAccounts({}, { order: { priority: "ASC", created_at: "ASC" } })
  res.json({ accounts: rows.map(toAdminAccount), types: ACCOUNT_TYPES })
}

/** POST /admin/messaging/accounts — add an account (checked as a whole, its host allowed). */
export async function POST(req: MedusaRequest<CreateAccountBody>, res: MedusaResponse) {
  const { result } = await createProviderAccountWorkflow(req.scope).run({ input: req.validatedBody })
  res.status(201).json({ account: toAdminAccount(result) })
}
