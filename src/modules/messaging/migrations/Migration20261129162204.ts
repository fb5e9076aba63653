import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261129162204 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "messaging_callback_receipt" drop constraint if exists "messaging_callback_receipt_account_callback_unique";`);
    this.addSql(`create table if not exists "messaging_callback_receipt" ("id" text not null, "provider_account_id" text not null, "callback_id" text not null, "expires_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "messaging_callback_receipt_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_callback_receipt_expires_at" ON "messaging_callback_receipt" ("expires_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_callback_receipt_deleted_at" ON "messaging_callback_receipt" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_messaging_callback_receipt_account_callback_unique" ON "messaging_callback_receipt" ("provider_account_id", "callback_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "messaging_callback_receipt" cascade;`);
  }

}
