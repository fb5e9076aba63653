/**
 * Builds the module's internal services around one shared context (they reach each other
 * through `ctx.parts`, filled in here once all of them exist).
 */
import type { ModuleContext, ModuleParts } from "./context"
import { SettingsService } from "./settings"
import { OutboxService } from "./outbox"
import { DispatchService } from "./dispatch"
import { DeliveryReportsService } from "./delivery-reports"
import { CampaignService } from "./campaigns"
import { AccountHealthService } from "./accounts"
import { MaintenanceService } from "./maintenance"

export function buildParts(base: Omit<ModuleContext, "parts">): ModuleParts {
  const parts = {} as ModuleParts
  const ctx: ModuleContext = { ...base, parts }
  parts.settings = new SettingsService(ctx)
  parts.outbox = new OutboxService(ctx)
  parts.dispatch = new DispatchService(ctx)
  parts.reports = new DeliveryReportsService(ctx)
  parts.campaigns = new CampaignService(ctx)
  parts.accounts = new AccountHealthService(ctx)
  parts.maintenance = new MaintenanceService(ctx)
  return parts
}
