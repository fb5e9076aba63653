/**
 * First-start installation, safe to run from several processes at once and on every
 * start: creates what is missing, never overwrites what an admin edited.
 */
import { newId } from "./ids"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { AccountOption, MessagingPluginOptions } from "../options"
import type { DefaultTemplate } from "../text/default-templates"

const now = () => new Date()

export async function ensureGeneralSettings(knex: Knex, options: MessagingPluginOptions): Promise<void> {
  const t = now()
  await knex("messaging_general_setting")
    .insert({
      id: "mgen_default",
      alert_email: options.alert_email ?? null,
      default_time_zone: options.defaults.time_zone ?? "UTC",
      debug_enabled: false,
      debug_retention_days: options.debug_log_retention_days,
      failure_threshold: options.dispatch.failure_threshold,
      max_attempts: options.dispatch.max_attempts,
      public_url: options.public_url ?? null,
      created_at: t,
      updated_at: t,
    })
    .onConflict("id")
    .ignore()
}

/** The global site row (sales_channel_id = null) with the option defaults. */
export async function ensureGlobalSite(knex: Knex, options: MessagingPluginOptions): Promise<void> {
  const existing = await knex("messaging_site").whereNull("sales_channel_id").whereNull("deleted_at").first("id")
  if (existing) return
  const d = options.defaults
  const t = now()
  await knex("messaging_site")
    .insert({
      id: "msite_default",
      sales_channel_id: null,
      name: d.site_name ?? "My shop",
      url: d.site_url ?? null,
      locale: d.locale ?? "en",
      delivery_mode: d.delivery_mode ?? "sms",
      sms_sender: d.sms_sender ?? null,
      viber_sender: d.viber_sender ?? null,
      time_zone: d.time_zone ?? "UTC",
      quiet_hours_enabled: !!d.quiet_hours,
      quiet_hours_start: d.quiet_hours?.start ?? "21:00",
      quiet_hours_end: d.quiet_hours?.end ?? "09:00",
      transliterate: d.transliterate ?? false,
      admin_phones: d.admin_phones ?? [],
      default_region: d.default_region ?? null,
      created_at: t,
      updated_at: t,
    })
    .onConflict("id")
    .ignore()
}

/**
 * Accounts declared in plugin options are upserted by key: credentials and connection
 * settings follow the options (secrets live in env), while priority/enabled edits made
 * in the admin are kept.
 */
export async function syncOptionAccounts(knex: Knex, accounts: AccountOption[]): Promise<void> {
  for (const [index, a] of accounts.entries()) {
    const t = now()
    const existing = await knex("messaging_provider_account").where({ key: a.key }).whereNull("deleted_at").first("id")
    const shared = {
      name: a.name ?? a.key,
      type: a.type,
      credentials: JSON.stringify(a.credentials ?? {}),
      config: JSON.stringify(a.config ?? {}),
      base_url: a.base_url ?? null,
      channels: a.channels ?? [],
      source: "options",
      updated_at: t,
    }
    if (existing) {
      await knex("messaging_provider_account").where({ id: existing.id }).update(shared)
    } else {
      await knex("messaging_provider_account")
        .insert({
          id: newId("macc"),
          key: a.key,
          ...shared,
          priority: a.priority ?? (index + 1) * 10,
          enabled: a.enabled ?? true,
          created_at: t,
        })
        .onConflict(knex.raw("(key) WHERE key IS NOT NULL AND deleted_at IS NULL"))
        .ignore()
    }
  }
}

/** Insert the BW_ defaults that are missing; rows that exist (edited or not) are left alone. */
export async function installDefaultTemplates(knex: Knex, templates: DefaultTemplate[]): Promise<number> {
  if (!templates.length) return 0
  const t = now()
  const rows = templates.map((tpl) => ({
    id: newId("mtpl"),
    code: tpl.code,
    event_name: tpl.event,
    audience: tpl.audience,
    channel: tpl.channel,
    sales_channel_id: null,
    locale: tpl.locale,
    subject: tpl.subject ?? null,
    body: tpl.body,
    enabled: true,
    critical: tpl.critical ?? false,
    is_default: true,
    created_at: t,
    updated_at: t,
  }))
  let inserted = 0
  for (let i = 0; i < rows.length; i += 200) {
    const res = await knex("messaging_template")
      .insert(rows.slice(i, i + 200))
      .onConflict(knex.raw("(code, locale) WHERE sales_channel_id IS NULL AND deleted_at IS NULL"))
      .ignore()
      .returning("id")
    inserted += res.length
  }
  return inserted
}
