import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261129161726 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "messaging_site" add column if not exists "disabled_events" text[] not null default '{}', add column if not exists "phone_sources" text[] not null default '{shipping,billing,customer}', add column if not exists "phone_fallback" boolean not null default true, add column if not exists "ua_trunk_prefix" boolean not null default true, add column if not exists "optout_keywords" text[] not null default '{STOP,STOPALL,UNSUBSCRIBE,END,QUIT,REVOKE,OPTOUT,CANCEL,СТОП,ВІДПИСАТИСЯ,ВІДПИСКА,ОТПИСАТЬСЯ,ОТПИСКА}', add column if not exists "optin_keywords" text[] not null default '{START,UNSTOP,YES,СТАРТ,ПІДПИСАТИСЯ,ПОДПИСАТЬСЯ}';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "messaging_site" drop column if exists "disabled_events", drop column if exists "phone_sources", drop column if exists "phone_fallback", drop column if exists "ua_trunk_prefix", drop column if exists "optout_keywords", drop column if exists "optin_keywords";`);
  }

}
