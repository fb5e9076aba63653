/** General settings, custom-rule events, templates and staff profiles read on the event path. */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { StaffProfileRow, TemplateRow } from "../pipeline/plan-event"

export const GENERAL_SETTINGS_ID = "mgen_default"

export async function loadGeneralSettings(knex: Knex): Promise<Record<string, any> | null> {
  return (await knex("messaging_general_setting").where({ id: GENERAL_SETTINGS_ID }).first()) ?? null
}

/** Turn full debug capture on until `until` (recording too) or off (null). */
export async function saveFullCapture(knex: Knex, until: Date | null): Promise<void> {
  await knex("messaging_general_setting")
    .where({ id: GENERAL_SETTINGS_ID })
    .update({ debug_full_capture_until: until, ...(until ? { debug_enabled: true } : {}), updated_at: new Date() })
}

/** Event names that have enabled custom rules. */
export async function enabledRuleEvents(knex: Knex): Promise<string[]> {
  return (await knex("messaging_custom_rule")
    .whereNull("deleted_at")
    .where({ enabled: true })
    .distinct("event_name")
    .pluck("event_name")) as string[]
}

/**
 * The templates of an event for a site and the global ones, disabled ones too: a site's
 * own template switched off must not fall back to the global one.
 */
export async function templatesForEvent(
  knex: Knex,
  eventName: string,
  salesChannelId: string | null
): Promise<TemplateRow[]> {
  return (await knex("messaging_template")
    .whereNull("deleted_at")
    .where({ event_name: eventName })
    .where((q) => q.whereNull("sales_channel_id").orWhere("sales_channel_id", salesChannelId ?? ""))) as TemplateRow[]
}

export async function enabledStaffProfiles(knex: Knex): Promise<StaffProfileRow[]> {
  return (await knex("messaging_staff_profile").whereNull("deleted_at").where({ enabled: true })) as StaffProfileRow[]
}

/** Enabled global template of a code (any locale), for the Notification Module provider. */
export async function globalTemplatesByCode(knex: Knex, code: string): Promise<TemplateRow[]> {
  return (await knex("messaging_template")
    .where({ code, enabled: true })
    .whereNull("deleted_at")
    .whereNull("sales_channel_id")) as TemplateRow[]
}

/**
 * Subject and body of the enabled templates that could go out for an event (staff
 * templates only while a staff profile can receive their channel).
 */
export async function sendableTemplateTexts(
  knex: Knex,
  eventName: string
): Promise<{ subject: string | null; body: string }[]> {
  return knex("messaging_template as t")
    .select("t.subject", "t.body")
    .whereNull("t.deleted_at")
    .where({ "t.event_name": eventName, "t.enabled": true })
    .where((q) =>
      q.whereNot("t.audience", "staff").orWhereExists((s) =>
        s
          .select(knex.raw("1"))
          .from("messaging_staff_profile as s")
          .whereNull("s.deleted_at")
          .where("s.enabled", true)
          .where((c) =>
            c
              .where((e) => e.where("t.channel", "email").whereNotNull("s.email"))
              .orWhere((g) => g.where("t.channel", "telegram").whereNotNull("s.telegram_chat_id"))
          )
      )
    )
}
