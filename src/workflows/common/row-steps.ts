/**
 * Step builders for the messaging module's generated CRUD (`create<Entity>s`,
 * `update<Entity>s`, `delete<Entity>s`, `retrieve<Entity>`), each with the compensation
 * that undoes it. Every step still lives in its own file under `<domain>/steps/` with its
 * own exported id; these only spare each file the same dozen lines.
 */
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messagingOf } from "../messaging"

/** A DML model of the messaging module, as its generated methods name it. */
export type MessagingEntity =
  | "MessagingProviderAccount"
  | "MessagingSite"
  | "MessagingSender"
  | "MessagingTemplate"
  | "MessagingStaffProfile"
  | "MessagingCustomRule"
  | "MessagingGeneralSetting"

type Row = Record<string, any> & { id: string }

export interface RowStepOptions {
  /** Drop the service's caches (accounts, general settings) after the change and after its undo. */
  invalidateCaches?: boolean
}

/** Columns the database fills itself: never written back by an undo. */
const GENERATED = new Set(["created_at", "updated_at", "deleted_at"])

function crud(container: Parameters<typeof messagingOf>[0], entity: MessagingEntity) {
  const messaging = messagingOf(container)
  const service = messaging as unknown as Record<string, (...args: any[]) => Promise<any>>
  return {
    messaging,
    create: (data: Record<string, unknown>): Promise<Row> => service[`create${entity}s`](data),
    update: (data: Record<string, unknown> & { id: string }): Promise<Row> => service[`update${entity}s`](data),
    remove: (id: string): Promise<void> => service[`delete${entity}s`](id),
    retrieve: (id: string): Promise<Row> => service[`retrieve${entity}`](id),
  }
}

function writable(row: Row): Record<string, unknown> & { id: string } {
  return Object.fromEntries(Object.entries(row).filter(([k]) => !GENERATED.has(k))) as Record<string, unknown> & {
    id: string
  }
}

/** Create one row (answered as `TRow`, the model's row). Compensation: the row is deleted. */
export function createRowStep<TInput extends Record<string, unknown>, TRow extends { id: string } = Row>(
  id: string,
  entity: MessagingEntity,
  opts: RowStepOptions = {}
) {
  return createStep(
    id,
    async (data: TInput, { container }) => {
      const rows = crud(container, entity)
      const created = (await rows.create(data)) as TRow
      if (opts.invalidateCaches) rows.messaging.invalidateCaches()
      return new StepResponse(created, created.id)
    },
    async (createdId, { container }) => {
      if (!createdId) return
      const rows = crud(container, entity)
      await rows.remove(createdId)
      if (opts.invalidateCaches) rows.messaging.invalidateCaches()
    }
  )
}

/** Update one row by id (404 when unknown), answered as `TRow`. Compensation: the fields it changed get their old values back. */
export function updateRowStep<
  TInput extends Record<string, unknown> & { id: string },
  TRow extends { id: string } = Row,
>(id: string, entity: MessagingEntity, opts: RowStepOptions = {}) {
  return createStep(
    id,
    async (data: TInput, { container }) => {
      const rows = crud(container, entity)
      const before = await rows.retrieve(data.id)
      const updated = (await rows.update(data)) as TRow
      if (opts.invalidateCaches) rows.messaging.invalidateCaches()
      const previous = Object.fromEntries(
        Object.keys(data)
          .filter((k) => !GENERATED.has(k))
          .map((k) => [k, before[k]])
      ) as { id: string }
      return new StepResponse(updated, { ...previous, id: data.id })
    },
    async (previous, { container }) => {
      if (!previous) return
      const rows = crud(container, entity)
      await rows.update(previous)
      if (opts.invalidateCaches) rows.messaging.invalidateCaches()
    }
  )
}

/** Delete one row by id (404 when unknown). Compensation: the row is written again as it was, with its id. */
export function deleteRowStep(id: string, entity: MessagingEntity, opts: RowStepOptions = {}) {
  return createStep(
    id,
    async (rowId: string, { container }) => {
      const rows = crud(container, entity)
      const stored = await rows.retrieve(rowId)
      await rows.remove(stored.id)
      if (opts.invalidateCaches) rows.messaging.invalidateCaches()
      return new StepResponse({ id: stored.id }, writable(stored))
    },
    async (stored, { container }) => {
      if (!stored) return
      const rows = crud(container, entity)
      await rows.create(stored)
      if (opts.invalidateCaches) rows.messaging.invalidateCaches()
    }
  )
}
