import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261121153431 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "messaging_message" add column if not exists "status_checked_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "messaging_message" drop column if exists "status_checked_at";`);
  }

}
