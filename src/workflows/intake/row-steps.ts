/**
 * Create/update steps for the intake module's generated CRUD, each with the compensation
 * that undoes it (the intake twin of common/row-steps.ts, which serves the messaging module).
 */
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { intakeOf } from "./intake"

export type IntakeEntity = "IntakeCollector" | "IntakeLead" | "IntakeMailReceipt"

type Row = Record<string, any> & { id: string }
const GENERATED = new Set(["created_at", "updated_at", "deleted_at"])

function crud(container: Parameters<typeof intakeOf>[0], entity: IntakeEntity) {
  const service = intakeOf(container) as unknown as Record<string, (...args: any[]) => Promise<any>>
  return {
    create: (data: Record<string, unknown>): Promise<Row> => service[`create${entity}s`](data),
    update: (data: Record<string, unknown> & { id: string }): Promise<Row> => service[`update${entity}s`](data),
    remove: (id: string): Promise<void> => service[`delete${entity}s`](id),
    retrieve: (id: string): Promise<Row> => service[`retrieve${entity}`](id),
  }
}

/** Create one row. Compensation: the row is deleted. */
export function createIntakeRowStep<TInput extends Record<string, unknown>>(id: string, entity: IntakeEntity) {
  return createStep(
    id,
    async (data: TInput, { container }) => {
      const created = await crud(container, entity).create(data)
      return new StepResponse(created, created.id)
    },
    async (createdId, { container }) => {
      if (createdId) await crud(container, entity).remove(createdId)
    }
  )
}

/** Update one row by id (404 when unknown). Compensation: the changed fields get their old values back. */
export function updateIntakeRowStep<TInput extends Record<string, unknown> & { id: string }>(
  id: string,
  entity: IntakeEntity
) {
  return createStep(
    id,
    async (data: TInput, { container }) => {
      const rows = crud(container, entity)
      const before = await rows.retrieve(data.id)
      const updated = await rows.update(data)
      const previous = Object.fromEntries(
        Object.keys(data)
          .filter((k) => !GENERATED.has(k))
          .map((k) => [k, before[k]])
      ) as { id: string }
      return new StepResponse(updated, { ...previous, id: data.id })
    },
    async (previous, { container }) => {
      if (previous) await crud(container, entity).update(previous)
    }
  )
}

/** Delete one row by id. Compensation: the row is written again as it was, with its id. */
export function deleteIntakeRowStep(id: string, entity: IntakeEntity) {
  return createStep(
    id,
    async (rowId: string, { container }) => {
      const rows = crud(container, entity)
      const stored = await rows.retrieve(rowId)
      await rows.remove(stored.id)
      const kept = Object.fromEntries(Object.entries(stored).filter(([k]) => !GENERATED.has(k)))
      return new StepResponse({ id: stored.id }, kept)
    },
    async (stored, { container }) => {
      if (stored) await crud(container, entity).create(stored)
    }
  )
}
