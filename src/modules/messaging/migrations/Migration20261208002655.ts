import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261208002655 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "messaging_audit_entry" ("id" text not null, "actor_id" text null, "action" text not null, "resource" text not null, "resource_id" text null, "route" text not null, "summary" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "messaging_audit_entry_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_audit_entry_deleted_at" ON "messaging_audit_entry" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_audit_entry_created_at" ON "messaging_audit_entry" ("created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_audit_entry_actor_id" ON "messaging_audit_entry" ("actor_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_messaging_audit_entry_resource" ON "messaging_audit_entry" ("resource") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "messaging_audit_entry" cascade;`);
  }

}
