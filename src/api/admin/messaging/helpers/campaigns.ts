/**
 * Bulk sending: the plan (who, how many parts, what it costs) that the dry run shows and
 * the start workflow follows, and the campaign's progress. The start, pause, resume and
 * cancel are workflows (src/workflows/campaigns).
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { renderTemplateSync, transliterate } from "../../../../modules/messaging/text"
import { normalizePhone } from "../../../../modules/messaging/phones/phone-number"
import { quietUntil, quietWindowFor } from "../../../../modules/messaging/pipeline/prepare"
import type { Channel } from "../../../../modules/messaging/types"
import type { CampaignAudienceInput } from "../validators/messages"
import { audienceEntries } from "./campaign-audience"
import type { SiteSettings } from "../../../../modules/messaging/pipeline/site"
import { macroVariables, siteOf } from "./context"
import { invalidField } from "./errors"
import type { Messaging } from "./service"
import { assertValidTemplate, measureText } from "./text"

export interface CampaignPlanInput {
  channel: "sms" | "viber" | "omni"
  body: string
  sales_channel_id?: string
  audience: CampaignAudienceInput
  /** When sending would start (default now): decides whether the night holds it. */
  start_at?: Date
}

export interface CampaignPlan {
  text: string
  /** Unique valid numbers that are not opted out: the messages that will be sent. */
  recipients: string[]
  found: number
  invalid: number
  missing_phone: number
  duplicates: number
  opted_out: string[]
  parts_per_message: number
  encoding: string
  estimated_parts: number
  estimated_cost: number | null
  currency: string | null
  cost_basis: string | null
  /**
   * The night window the campaign waits out (the site's quiet hours, else 21:00–08:00 for
   * marketing) and, when sending would start inside it, the moment it opens.
   */
  quiet_hours: {
    enabled: boolean
    start: string
    end: string
    time_zone: string
    source: "site" | "marketing"
    waits_until: Date | null
  }
}

/** Campaign texts may use the site macros (#SITE_NAME#, #SERVER_NAME#, #DEFAULT_EMAIL_FROM#). */
export const CAMPAIGN_EVENT = "campaign"

export async function planCampaign(
  scope: MedusaContainer,
  messaging: Messaging,
  input: CampaignPlanInput
): Promise<CampaignPlan> {
  assertValidTemplate("body", input.body, CAMPAIGN_EVENT, "customer")
  const site = await siteOf(messaging, input.sales_channel_id)
  const text = renderTemplateSync(input.body, macroVariables({ event_name: CAMPAIGN_EVENT, site })).trim()
  if (!text) throw invalidField("body", "renders to an empty text")

  const entries = await audienceEntries(scope, input.audience)
  const unique = new Set<string>()
  let invalid = 0
  let missing = 0
  let duplicates = 0
  for (const e of entries) {
    if (!e.phone?.trim()) {
      missing++
      continue
    }
    const parsed = normalizePhone(e.phone, {
      defaultRegion: site.default_region ?? e.country?.toUpperCase() ?? undefined,
    })
    if (!parsed.ok) invalid++
    else if (unique.has(parsed.e164)) duplicates++
    else unique.add(parsed.e164)
  }
  const phones = [...unique]
  const optOuts = phones.length ? await messaging.listMessagingOptOuts({ phone: phones }) : []
  const blocked = new Set(
    optOuts
      .filter(
        (o) =>
          o.channel === "all" ||
          o.channel === input.channel ||
          (input.channel === "omni" && ["sms", "viber"].includes(o.channel))
      )
      .map((o) => o.phone)
  )
  const recipients = phones.filter((p) => !blocked.has(p))
  const counter = measureText(site.transliterate ? transliterate(text) : text)
  const parts = input.channel === "viber" ? 1 : counter.parts
  const cost = await averageCostPerPart(messaging, input.channel)
  return {
    text,
    recipients,
    found: entries.length,
    invalid,
    missing_phone: missing,
    duplicates,
    opted_out: [...blocked],
    parts_per_message: parts,
    encoding: counter.encoding,
    estimated_parts: parts * recipients.length,
    estimated_cost: cost ? Math.round(cost.perPart * parts * recipients.length * 100) / 100 : null,
    currency: cost?.currency ?? null,
    cost_basis: cost ? `average price per part of your last ${cost.sample} sent messages` : null,
    quiet_hours: campaignQuietHours(site, input.start_at),
  }
}

/** Campaigns are marketing: never sent at night, even where a site has no quiet hours of its own. */
function campaignQuietHours(site: SiteSettings, startAt: Date | undefined): CampaignPlan["quiet_hours"] {
  const window = quietWindowFor(site, { marketing: true })!
  const start = startAt && startAt.getTime() > Date.now() ? startAt : new Date()
  return {
    enabled: true,
    start: window.start,
    end: window.end,
    time_zone: site.time_zone,
    source: window.source,
    waits_until: quietUntil(site, { marketing: true }, start),
  }
}

async function averageCostPerPart(messaging: Messaging, channel: Channel) {
  const recent = await messaging.listMessagingMessages(
    { channel, direction: "outbound", cost: { $gt: 0 } },
    { take: 200, order: { created_at: "DESC" }, select: ["cost", "segments", "currency"] }
  )
  if (!recent.length) return null
  const cost = recent.reduce((s, m) => s + Number(m.cost ?? 0), 0)
  const parts = recent.reduce((s, m) => s + Math.max(1, Number(m.segments ?? 1)), 0)
  return { perPart: cost / parts, currency: (recent[0].currency as string | null) ?? null, sample: recent.length }
}

/** The campaign with its messages per status and when the next waiting one is due (reads only). */
export async function campaignWithProgress(messaging: Messaging, id: string) {
  const campaign = await messaging.retrieveMessagingCampaign(id)
  const { progress, next_send_at } = await messaging.campaignProgress(id)
  return { ...campaign, progress, next_send_at }
}
