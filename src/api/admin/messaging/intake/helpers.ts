/** What the intake admin routes share: the module service and how a collector is shown. */
import type { MedusaContainer } from "@medusajs/framework/types"
import { INTAKE_MODULE } from "../../../../modules/intake"
import { maskSecrets } from "../../../../modules/intake/auth"
import type { CollectorCounts } from "../../../../modules/intake/repositories/lead-counts"
import type IntakeModuleService from "../../../../modules/intake/service"

export function intakeFrom(scope: MedusaContainer): IntakeModuleService {
  return scope.resolve<IntakeModuleService>(INTAKE_MODULE)
}

const NO_COUNTS: CollectorCounts = { leads: 0, with_errors: 0, last_lead_at: null }

/** A collector as the admin sees it: secrets masked, its endpoint path, its counts. */
export function presentCollector(row: Record<string, any>, counts?: CollectorCounts) {
  const { secrets, ...rest } = row
  return {
    ...rest,
    secrets: maskSecrets(secrets),
    endpoint: row.type === "http" ? `/hooks/intake/${row.id}` : null,
    counts: counts ?? NO_COUNTS,
  }
}

export async function presentCollectors(intake: IntakeModuleService, rows: Record<string, any>[]) {
  const counts = await intake.leadCounts(rows.map((r) => r.id))
  return rows.map((r) => presentCollector(r, counts[r.id]))
}
