import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261208001420 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "intake_mail_receipt" drop constraint if exists "intake_mail_receipt_message_unique";`);
    this.addSql(`create table if not exists "intake_collector" ("id" text not null, "name" text not null, "type" text check ("type" in ('http', 'mailbox')) not null, "enabled" boolean not null default true, "config" jsonb not null default '{}', "secrets" jsonb not null default '{}', "sales_channel_id" text null, "region_id" text null, "assignee_user_id" text null, "assignee_group" text null, "last_run_at" timestamptz null, "last_success_at" timestamptz null, "last_error" text null, "consecutive_failures" integer not null default 0, "next_run_at" timestamptz null, "down_since" timestamptz null, "alerted_at" timestamptz null, "leads_count" integer not null default 0, "errors_count" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "intake_collector_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_intake_collector_deleted_at" ON "intake_collector" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "intake_lead" ("id" text not null, "collector_id" text not null, "source" text check ("source" in ('http', 'mailbox')) not null, "status" text check ("status" in ('new', 'in_progress', 'converted', 'rejected')) not null default 'new', "assignee_user_id" text null, "assignee_group" text null, "sales_channel_id" text null, "subject" text null, "contact_person" text null, "phone" text null, "email" text null, "tax_id" text null, "raw_payload" text null, "encoding" text null, "fields" jsonb null, "parse_errors" jsonb null, "customer_id" text null, "draft_order_id" text null, "draft_order_error" text null, "message_id" text null, "reject_reason" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "intake_lead_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_intake_lead_collector_id" ON "intake_lead" ("collector_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_intake_lead_deleted_at" ON "intake_lead" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_intake_lead_status_created" ON "intake_lead" ("status", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "intake_mail_receipt" ("id" text not null, "collector_id" text not null, "message_id" text not null, "status" text check ("status" in ('importing', 'imported')) not null default 'importing', "claimed_by" text null, "claimed_at" timestamptz not null, "lead_id" text null, "imap_uid" integer null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "intake_mail_receipt_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_intake_mail_receipt_deleted_at" ON "intake_mail_receipt" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_intake_mail_receipt_message_unique" ON "intake_mail_receipt" ("collector_id", "message_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "intake_collector" cascade;`);

    this.addSql(`drop table if exists "intake_lead" cascade;`);

    this.addSql(`drop table if exists "intake_mail_receipt" cascade;`);
  }

}
