import { PROVIDER_CAPABILITIES } from "../../../../modules/messaging/providers"
import type { ProviderType } from "../../../../modules/messaging/types"

export const GENERAL_SETTINGS_ID = "mgen_default"

/** The balance part of an account row. */
export function toBalance(a: Record<string, any>) {
  return {
    id: a.id,
    name: a.name,
    type: a.type,
    enabled: a.enabled,
    supported: PROVIDER_CAPABILITIES[a.type as ProviderType]?.balance ?? false,
    amount: a.balance_amount,
    currency: a.balance_currency,
    credit_limit: a.credit_limit,
    checked_at: a.balance_checked_at,
    health_status: a.health_status,
    last_error: a.last_error,
  }
}
