/**
 * What the module's internal services share: the validated options, the logger, the
 * knex handle of the current Medusa context, and each other (filled in by the module
 * service once all of them exist, so they can call one another without a cycle at
 * construction time).
 */
import type { Logger } from "@medusajs/framework/types"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { MessagingPluginOptions } from "../options"
import type { SettingsService } from "./settings"
import type { OutboxService } from "./outbox"
import type { DispatchService } from "./dispatch"
import type { DeliveryReportsService } from "./delivery-reports"
import type { CampaignService } from "./campaigns"
import type { AccountHealthService } from "./accounts"
import type { MaintenanceService } from "./maintenance"

export interface ModuleParts {
  settings: SettingsService
  outbox: OutboxService
  dispatch: DispatchService
  reports: DeliveryReportsService
  campaigns: CampaignService
  accounts: AccountHealthService
  maintenance: MaintenanceService
}

export interface ModuleContext {
  options: MessagingPluginOptions
  logger: Logger
  /** The knex handle of the module's entity manager (the open transaction when there is one). */
  knex(): Promise<Knex>
  /** Run `fn` in one transaction of the module's entity manager. */
  transaction<T>(fn: (knex: Knex) => Promise<T>): Promise<T>
  parts: ModuleParts
}
