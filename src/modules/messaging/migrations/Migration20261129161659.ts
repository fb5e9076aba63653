import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261129161659 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "messaging_custom_rule" add column if not exists "staff_profile_ids" text[] not null default '{}';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "messaging_custom_rule" drop column if exists "staff_profile_ids";`);
  }

}
