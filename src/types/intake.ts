/**
 * Shapes of the /admin/messaging/intake API (collectors and leads), from the intake module's
 * DML models. `import type` only in the admin.
 */
import type { IDmlEntity, InferTypeOf } from "@medusajs/framework/types"
import type { IntakeCollector, IntakeLead } from "../modules/intake/models"
import type { FieldError, LeadFields } from "../modules/intake/payload"
import type { Serialized } from "./messaging"

type Row<M extends IDmlEntity<any, any>> = Omit<Serialized<InferTypeOf<M>>, "deleted_at">

/** A collector as the admin sees it: secrets masked, its endpoint, its lead counts. */
export type Collector = Omit<Row<typeof IntakeCollector>, "secrets"> & {
  secrets: Record<string, string>
  endpoint: string | null
  counts: { leads: number; with_errors: number; last_lead_at: string | null }
}

export type Lead = Omit<Row<typeof IntakeLead>, "fields" | "parse_errors"> & {
  fields: LeadFields | null
  parse_errors: FieldError[] | null
}
