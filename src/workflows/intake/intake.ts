/** The intake module service as steps resolve it (by the module's key). */
import type { MedusaContainer } from "@medusajs/framework/types"
import { INTAKE_MODULE } from "../../modules/intake"
import type IntakeModuleService from "../../modules/intake/service"

export function intakeOf(container: MedusaContainer | { resolve: MedusaContainer["resolve"] }): IntakeModuleService {
  return container.resolve<IntakeModuleService>(INTAKE_MODULE)
}

/** The event staff hear a new lead by (the messaging pipeline turns it into e-mail, Telegram and SMS). */
export const LEAD_CREATED_EVENT = "messaging.lead.created"
