import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { providerTypeInfos } from "../../../../modules/messaging/providers"

/**
 * GET /admin/messaging/provider-types — every provider type the plugin knows, with the
 * fields an account of that type has (name, label key, kind, required, credentials or
 * config), its channels and what it supports. Read from the provider classes.
 */
export async function GET(_req: MedusaRequest, res: MedusaResponse) {
  res.json({ provider_types: providerTypeInfos() })
}
