import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261121151127 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "messaging_site" drop constraint if exists "messaging_site_sales_channel_unique";`);
    this.addSql(`alter table if exists "messaging_sender" drop constraint if exists "messaging_sender_unique";`);
    this.addSql(`alter table if exists "messaging_provider_account" drop constraint if exists "messaging_provider_account_key_unique";`);
    this.addSql(`alter table if exists "messaging_opt_out" drop constraint if exists "messaging_opt_out_phone_channel_unique";`);
    this.addSql(`alter table if exists "messaging_message" drop constraint if exists "messaging_message_idempotency_key_unique";`);
    this.addSql(`create table if not exists "messaging_campaign" ("id" text not null, "name" text not null, "channel" text check ("channel" in ('sms', 'viber', 'omni', 'telegram', 'email')) not null, "status" text not null default 'draft', "body" text not null, "sales_channel_id" text null, "audience" jsonb not null, "rate_per_second" integer not null default 20, "total" integer not null default 0, "skipped" integer not null default 0, "estimated_parts" integer not null default 0, "created_by" text null, "started_at" timestamptz null, "finished_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "messaging_campaign_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_campaign_deleted_at" ON "messaging_campaign" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "messaging_custom_rule" ("id" text not null, "name" text not null, "event_name" text not null, "entity" text not null default 'none', "id_field" text not null default 'id', "phone_source" text not null, "customer_text" text null, "admin_text" text null, "sales_channel_id" text null, "critical" boolean not null default false, "enabled" boolean not null default true, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "messaging_custom_rule_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_custom_rule_event_name" ON "messaging_custom_rule" ("event_name") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_custom_rule_deleted_at" ON "messaging_custom_rule" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "messaging_debug_log" ("id" text not null, "provider_account_id" text null, "provider_type" text not null, "operation" text not null, "method" text null, "url" text null, "request" text null, "status_code" integer null, "response" text null, "duration_ms" integer null, "error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "messaging_debug_log_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_debug_log_provider_account_id" ON "messaging_debug_log" ("provider_account_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_debug_log_deleted_at" ON "messaging_debug_log" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_debug_log_created_at" ON "messaging_debug_log" ("created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "messaging_general_setting" ("id" text not null, "alert_email" text null, "default_time_zone" text not null default 'UTC', "low_balance_threshold" real null, "debug_enabled" boolean not null default false, "debug_retention_days" integer not null default 14, "failure_threshold" integer not null default 3, "max_attempts" integer not null default 8, "public_url" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "messaging_general_setting_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_general_setting_deleted_at" ON "messaging_general_setting" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "messaging_message" ("id" text not null, "direction" text check ("direction" in ('outbound', 'inbound')) not null default 'outbound', "channel" text check ("channel" in ('sms', 'viber', 'omni', 'telegram', 'email')) not null, "recipient" text not null, "audience" text check ("audience" in ('customer', 'admin', 'staff')) null, "subject" text null, "body" text not null, "sender" text null, "encoding" text null, "segments" integer null, "sales_channel_id" text null, "event_name" text null, "template_code" text null, "order_id" text null, "customer_id" text null, "resource_type" text null, "resource_id" text null, "campaign_id" text null, "idempotency_key" text null, "status" text check ("status" in ('queued', 'deferred', 'sending', 'sent', 'delivered', 'read', 'undelivered', 'failed', 'skipped', 'canceled', 'received')) not null default 'queued', "error" text null, "error_code" text null, "critical" boolean not null default false, "attempts" integer not null default 0, "next_attempt_at" timestamptz null, "claimed_at" timestamptz null, "claimed_by" text null, "maybe_accepted" boolean not null default false, "provider_account_id" text null, "provider_type" text null, "provider_message_id" text null, "cost" real null, "currency" text null, "sent_at" timestamptz null, "delivered_at" timestamptz null, "fallback_at" timestamptz null, "parent_id" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "messaging_message_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_message_sales_channel_id" ON "messaging_message" ("sales_channel_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_message_event_name" ON "messaging_message" ("event_name") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_message_order_id" ON "messaging_message" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_message_customer_id" ON "messaging_message" ("customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_message_campaign_id" ON "messaging_message" ("campaign_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_message_provider_message_id" ON "messaging_message" ("provider_message_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_message_deleted_at" ON "messaging_message" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_messaging_message_idempotency_key_unique" ON "messaging_message" ("idempotency_key") WHERE idempotency_key IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_message_due" ON "messaging_message" ("status", "next_attempt_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_message_created_at" ON "messaging_message" ("created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "messaging_message_event" ("id" text not null, "message_id" text not null, "status" text not null, "raw_status" text null, "raw_code" text null, "source" text not null, "note" text null, "occurred_at" timestamptz not null, "data" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "messaging_message_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_message_event_message_id" ON "messaging_message_event" ("message_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_message_event_deleted_at" ON "messaging_message_event" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "messaging_opt_out" ("id" text not null, "phone" text not null, "channel" text not null default 'all', "source" text not null, "note" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "messaging_opt_out_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_opt_out_deleted_at" ON "messaging_opt_out" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_messaging_opt_out_phone_channel_unique" ON "messaging_opt_out" ("phone", "channel") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "messaging_provider_account" ("id" text not null, "key" text null, "name" text not null, "type" text check ("type" in ('bsg', 'turbosms', 'twilio', 'telegram', 'smtp', 'sandbox')) not null, "credentials" jsonb not null default '{}', "config" jsonb not null default '{}', "base_url" text null, "priority" integer not null default 100, "enabled" boolean not null default true, "channels" text[] not null default '{}', "source" text check ("source" in ('options', 'admin')) not null default 'admin', "health_status" text check ("health_status" in ('healthy', 'unhealthy')) not null default 'healthy', "consecutive_failures" integer not null default 0, "down_since" timestamptz null, "last_error" text null, "last_probe_at" timestamptz null, "balance_amount" real null, "balance_currency" text null, "credit_limit" real null, "balance_checked_at" timestamptz null, "low_balance_alerted" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "messaging_provider_account_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_provider_account_deleted_at" ON "messaging_provider_account" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_messaging_provider_account_key_unique" ON "messaging_provider_account" ("key") WHERE key IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "messaging_sender" ("id" text not null, "provider_account_id" text not null, "channel" text check ("channel" in ('sms', 'viber')) not null, "name" text not null, "status" text not null default 'registered', "note" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "messaging_sender_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_sender_provider_account_id" ON "messaging_sender" ("provider_account_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_sender_deleted_at" ON "messaging_sender" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_messaging_sender_unique" ON "messaging_sender" ("provider_account_id", "channel", "name") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "messaging_site" ("id" text not null, "sales_channel_id" text null, "name" text not null default 'My shop', "url" text null, "locale" text not null default 'en', "email_from" text null, "delivery_mode" text check ("delivery_mode" in ('sms', 'viber', 'omni')) not null default 'sms', "sms_sender" text null, "viber_sender" text null, "time_zone" text not null default 'UTC', "quiet_hours_enabled" boolean not null default false, "quiet_hours_start" text not null default '21:00', "quiet_hours_end" text not null default '09:00', "transliterate" boolean not null default false, "admin_phones" text[] not null default '{}', "default_region" text null, "omni_fallback_seconds" integer not null default 600, "transactional_ignores_opt_out" boolean not null default false, "enabled" boolean not null default true, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "messaging_site_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_site_deleted_at" ON "messaging_site" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_messaging_site_sales_channel_unique" ON "messaging_site" ("sales_channel_id") WHERE sales_channel_id IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "messaging_staff_profile" ("id" text not null, "name" text not null, "email" text null, "telegram_chat_id" text null, "events" text[] not null default '{}', "sales_channel_id" text null, "locale" text not null default 'en', "enabled" boolean not null default true, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "messaging_staff_profile_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_staff_profile_deleted_at" ON "messaging_staff_profile" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "messaging_template" ("id" text not null, "code" text not null, "event_name" text not null, "audience" text check ("audience" in ('customer', 'admin', 'staff')) not null, "channel" text check ("channel" in ('sms', 'viber', 'telegram', 'email')) not null default 'sms', "sales_channel_id" text null, "locale" text not null default 'en', "subject" text null, "body" text not null, "enabled" boolean not null default true, "critical" boolean not null default false, "is_default" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "messaging_template_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_template_event_name" ON "messaging_template" ("event_name") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_template_deleted_at" ON "messaging_template" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_messaging_template_code_global" ON "messaging_template" ("code", "locale") WHERE sales_channel_id IS NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_messaging_template_code_site" ON "messaging_template" ("code", "locale", "sales_channel_id") WHERE sales_channel_id IS NOT NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "messaging_campaign" cascade;`);

    this.addSql(`drop table if exists "messaging_custom_rule" cascade;`);

    this.addSql(`drop table if exists "messaging_debug_log" cascade;`);

    this.addSql(`drop table if exists "messaging_general_setting" cascade;`);

    this.addSql(`drop table if exists "messaging_message" cascade;`);

    this.addSql(`drop table if exists "messaging_message_event" cascade;`);

    this.addSql(`drop table if exists "messaging_opt_out" cascade;`);

    this.addSql(`drop table if exists "messaging_provider_account" cascade;`);

    this.addSql(`drop table if exists "messaging_sender" cascade;`);

    this.addSql(`drop table if exists "messaging_site" cascade;`);

    this.addSql(`drop table if exists "messaging_staff_profile" cascade;`);

    this.addSql(`drop table if exists "messaging_template" cascade;`);
  }

}
