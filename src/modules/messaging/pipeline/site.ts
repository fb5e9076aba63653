import type { MessagingSite } from "../models"
import type { ModelRow } from "../models/rows"
import type { MacroSite } from "../text"
import type { NormalizePhoneOptions } from "../phones/phone-number"
import { DEFAULT_OPT_IN_KEYWORDS, DEFAULT_OPT_OUT_KEYWORDS } from "../consent/reply-keywords"
import { DEFAULT_PHONE_SOURCES } from "./phone-sources"

/** The settings of one site (sales channel) as the pipeline needs them. */
export type SiteSettings = Omit<ModelRow<typeof MessagingSite>, "id" | "created_at" | "updated_at" | "deleted_at">

/** Defaults of the settings added after the first release (rows and fixtures without them). */
export const SITE_DEFAULTS = {
  enabled: true,
  disabled_events: [] as string[],
  phone_sources: [...DEFAULT_PHONE_SOURCES] as string[],
  phone_fallback: true,
  ua_trunk_prefix: true,
  optout_keywords: [...DEFAULT_OPT_OUT_KEYWORDS],
  optin_keywords: [...DEFAULT_OPT_IN_KEYWORDS],
}

/** Does this site send anything for this event? */
export function siteSendsEvent(site: Pick<SiteSettings, "enabled" | "disabled_events">, eventName: string): boolean {
  return site.enabled !== false && !(site.disabled_events ?? []).includes(eventName)
}

/** How this site parses phones: its default region (else the address country) and the UA trunk habit. */
export function phoneOptions(
  site: Pick<SiteSettings, "default_region" | "ua_trunk_prefix">,
  country?: string | null
): NormalizePhoneOptions {
  return { defaultRegion: site.default_region ?? country ?? undefined, uaTrunkPrefix: site.ua_trunk_prefix !== false }
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
