/** The phones of an order as the order page's "Send SMS" offers them (reads only). */
import { DEFAULT_PHONE_SOURCES, orderPhoneCandidates } from "../../../../modules/messaging/pipeline/phone-sources"
import { phoneOptions, type SiteSettings } from "../../../../modules/messaging/pipeline/site"
import { normalizePhone } from "../../../../modules/messaging/phones/phone-number"
import type { ResolvedEvent } from "../../../../workflows/notify/resolve-context"

const LABELS: Record<string, string> = {
  shipping: "shipping_address",
  billing: "billing_address",
  customer: "customer",
}

/** In the site's phone-source order, then the sources it leaves out; each number once, normalized when valid. */
export function orderPhones(order: ResolvedEvent, site: SiteSettings) {
  const seen = new Set<string>()
  const preferred = orderPhoneCandidates(order.customer_phones, site.phone_sources ?? DEFAULT_PHONE_SOURCES)
  const candidates = [...preferred, ...order.customer_phones.filter((c) => !preferred.includes(c))]
  return candidates.flatMap((candidate) => {
    if (!candidate.phone) return []
    const parsed = normalizePhone(candidate.phone, phoneOptions(site, candidate.country))
    const value = parsed.ok ? parsed.e164 : candidate.phone
    if (seen.has(value)) return []
    seen.add(value)
    return [
      {
        source: (candidate.source && LABELS[candidate.source]) ?? "other",
        phone: value,
        raw: candidate.phone,
        valid: parsed.ok,
        problem: parsed.ok ? null : parsed.message,
      },
    ]
  })
}
