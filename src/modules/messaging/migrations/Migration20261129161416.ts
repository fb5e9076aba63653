import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261129161416 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "messaging_message" drop constraint if exists "messaging_message_status_check";`);

    this.addSql(`alter table if exists "messaging_message" add column if not exists "lease_expires_at" timestamptz null;`);
    this.addSql(`alter table if exists "messaging_message" add constraint "messaging_message_status_check" check("status" in ('queued', 'deferred', 'sending', 'sent', 'delivered', 'read', 'undelivered', 'failed', 'skipped', 'canceled', 'received', 'unknown'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "messaging_message" drop constraint if exists "messaging_message_status_check";`);

    this.addSql(`alter table if exists "messaging_message" drop column if exists "lease_expires_at";`);

    this.addSql(`alter table if exists "messaging_message" add constraint "messaging_message_status_check" check("status" in ('queued', 'deferred', 'sending', 'sent', 'delivered', 'read', 'undelivered', 'failed', 'skipped', 'canceled', 'received'));`);
  }

}
