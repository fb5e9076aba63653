import type { DeliveryMode } from "../types"
import type { MacroSite } from "../text"

/** The settings of one site (sales channel) as the pipeline needs them. */
export interface SiteSettings {
  sales_channel_id: string | null
  name: string
  url: string | null
  locale: string
  email_from: string | null
  delivery_mode: DeliveryMode
  sms_sender: string | null
  viber_sender: string | null
  time_zone: string
  quiet_hours_enabled: boolean
  quiet_hours_start: string
  quiet_hours_end: string
  transliterate: boolean
  admin_phones: string[]
  default_region: string | null
  omni_fallback_seconds: number
  transactional_ignores_opt_out: boolean
}

export function toMacroSite(site: SiteSettings): MacroSite {
  return {
    name: site.name,
    url: site.url ?? "",
    locale: site.locale,
    email_from: site.email_from ?? "",
    time_zone: site.time_zone,
  }
}
