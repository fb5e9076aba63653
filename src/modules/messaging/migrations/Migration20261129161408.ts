import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261129161408 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "messaging_general_setting" add column if not exists "debug_full_capture_until" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "messaging_general_setting" drop column if exists "debug_full_capture_until";`);
  }

}
