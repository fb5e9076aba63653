/**
 * From a shop event to outbox rows: pick the templates for the site, render them,
 * resolve recipients (customer phone, admin copies, staff profiles) and prepare one row
 * per (recipient, channel). Pure: the caller loads the data and writes the rows.
 */
import type { MessagingStaffProfile, MessagingTemplate } from "../models"
import type { ModelRow } from "../models/rows"
import type { NewMessage } from "../repositories/messages"
import { type MacroContext, buildMacroVariables, renderTemplateSync } from "../text"
import { normalizePhone } from "../phones/phone-number"
import type { Audience, Channel, TemplateChannel } from "../types"
import { type PhoneCandidate, choosePhone } from "./phone-sources"
import { type OptOutLookup, prepareMessage } from "./prepare"
import { type SiteSettings, phoneOptions, siteSendsEvent, toMacroSite } from "./site"

export type { PhoneCandidate } from "./phone-sources"

/** What the planner reads of a template. */
export type TemplateRow = Pick<
  ModelRow<typeof MessagingTemplate>,
  | "code"
  | "event_name"
  | "audience"
  | "channel"
  | "sales_channel_id"
  | "locale"
  | "subject"
  | "body"
  | "enabled"
  | "critical"
>

/** A staff profile as the planner reads it. */
export type StaffProfileRow = Omit<ModelRow<typeof MessagingStaffProfile>, "created_at" | "updated_at" | "deleted_at">

export interface EventPlanInput {
  event_name: string
  /** The id the event is about (order, fulfillment, payment, customer…): part of the idempotency key. */
  resource_id: string
  resource_type?: string | null
  /** The admin asked for no customer notification (staff copies still go). */
  no_notification?: boolean
  /** Macro data without the site (the planner adds it). */
  context: Omit<MacroContext, "site" | "event">
  order_id?: string | null
  customer_id?: string | null
  /** The customer's phones with where each was found; the site decides the order (phone_sources). */
  customer_phones: PhoneCandidate[]
  /** Custom rules: exactly these staff profiles get the staff texts, whatever events they picked. */
  staff_profile_ids?: string[]
}

export interface EventPlanDeps {
  site: SiteSettings
  /** Templates for this event, global and site-specific, enabled or not (a disabled site template switches the global one off). */
  templates: TemplateRow[]
  staff: StaffProfileRow[]
  optOuts: OptOutLookup
  now?: Date
}

/**
 * The template for (audience, channel) in this site: site-specific before global, site
 * locale before English. When the site has templates of its own for the pair, only they
 * count: a site template switched off sends nothing rather than the global one.
 */
export function pickTemplate(
  templates: TemplateRow[],
  site: SiteSettings,
  audience: Audience,
  channel: TemplateChannel,
  locale = site.locale
): TemplateRow | null {
  const pair = templates.filter((t) => t.audience === audience && t.channel === channel)
  const own = site.sales_channel_id ? pair.filter((t) => t.sales_channel_id === site.sales_channel_id) : []
  const candidates = (own.length ? own : pair.filter((t) => t.sales_channel_id === null)).filter((t) => t.enabled)
  const lang = locale.slice(0, 2).toLowerCase()
  const score = (t: TemplateRow) =>
    (t.sales_channel_id ? 4 : 0) +
    (t.locale.toLowerCase() === locale.toLowerCase()
      ? 2
      : t.locale.slice(0, 2) === lang
        ? 2
        : t.locale === "en"
          ? 1
          : 0)
  return candidates.sort((a, b) => score(b) - score(a))[0] ?? null
}

export function planEventMessages(input: EventPlanInput, deps: EventPlanDeps): NewMessage[] {
  const { site } = deps
  // A site switched off, or this event switched off for it: nothing at all (admin and staff copies included).
  if (!siteSendsEvent(site, input.event_name)) return []
  const now = deps.now ?? new Date()
  const rows: NewMessage[] = []
  const variablesByLocale = new Map<string, Record<string, unknown>>()
  const variables = (locale: string) => {
    let v = variablesByLocale.get(locale)
    if (!v) {
      v = buildMacroVariables({ ...input.context, event: input.event_name, site: { ...toMacroSite(site), locale } })
      variablesByLocale.set(locale, v)
    }
    return v
  }
  const base: Partial<NewMessage> = {
    event_name: input.event_name,
    order_id: input.order_id ?? null,
    customer_id: input.customer_id ?? null,
    resource_type: input.resource_type ?? null,
    resource_id: input.resource_id,
    sales_channel_id: site.sales_channel_id,
  }

  const render = (tpl: TemplateRow, locale: string): { text: string; subject: string | null } | { error: string } => {
    try {
      return {
        text: renderTemplateSync(tpl.body, variables(locale)).trim(),
        subject: tpl.subject ? renderTemplateSync(tpl.subject, variables(locale)).trim() : null,
      }
    } catch (e) {
      return { error: `template ${tpl.code} could not be rendered: ${(e as Error).message}` }
    }
  }

  const add = (
    tpl: TemplateRow,
    audience: Audience,
    channel: Channel,
    recipient: string | null,
    extra: { country?: string | null; locale?: string; base?: Partial<NewMessage> } = {}
  ) => {
    const out = render(tpl, extra.locale ?? site.locale)
    const prepared = prepareMessage({
      site,
      channel,
      recipient,
      country: extra.country,
      body: "error" in out ? "" : out.text,
      subject: "error" in out ? null : out.subject,
      critical: tpl.critical,
      optOuts: deps.optOuts,
      now,
      base: { ...base, ...extra.base, audience, template_code: tpl.code },
      idempotency: { event: input.event_name, resource: input.resource_id, template: tpl.code },
    })
    if ("error" in out) {
      prepared.status = "skipped"
      prepared.error = out.error
      prepared.error_code = "template_error"
      prepared.next_attempt_at = null
    }
    rows.push(prepared)
  }

  const mode = site.delivery_mode

  // Customer
  if (!input.no_notification) {
    const tpl =
      (mode !== "sms" ? pickTemplate(deps.templates, site, "customer", "viber") : null) ??
      pickTemplate(deps.templates, site, "customer", "sms")
    if (tpl) {
      const phone = choosePhone(
        input.customer_phones,
        site,
        (c) => normalizePhone(c.phone, phoneOptions(site, c.country)).ok
      )
      add(tpl, "customer", mode, phone.phone, { country: phone.country })
    }
  }

  // Admin copies to the site's admin phones
  const adminTpl = pickTemplate(deps.templates, site, "admin", "sms")
  if (adminTpl) {
    for (const phone of site.admin_phones) add(adminTpl, "admin", mode, phone)
  }

  // Staff profiles: e-mail and/or Telegram, only the events they want, only their sales channel
  for (const profile of deps.staff) {
    if (!profile.enabled) continue
    const wanted = input.staff_profile_ids
      ? input.staff_profile_ids.includes(profile.id)
      : profile.events.includes(input.event_name) || profile.events.includes("*")
    if (!wanted) continue
    if (profile.sales_channel_id && profile.sales_channel_id !== site.sales_channel_id) continue
    const staffBase = { base: { metadata: { staff_profile_id: profile.id } }, locale: profile.locale || site.locale }
    if (profile.email) {
      const tpl = pickTemplate(deps.templates, site, "staff", "email", staffBase.locale)
      if (tpl) add(tpl, "staff", "email", profile.email, staffBase)
    }
    if (profile.telegram_chat_id) {
      const tpl = pickTemplate(deps.templates, site, "staff", "telegram", staffBase.locale)
      if (tpl) add(tpl, "staff", "telegram", profile.telegram_chat_id, staffBase)
    }
  }
  return rows
}
