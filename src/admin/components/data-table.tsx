import {
  DataTable as UiDataTable,
  clx,
  createDataTableColumnHelper,
  useDataTable,
  type DataTableColumnDef,
  type DataTableRow,
} from "@medusajs/ui"
import type { ReactNode } from "react"
import { useTranslation } from "react-i18next"
import { offsetOf, pageOf } from "../lib/paging"

export { createDataTableColumnHelper }

/** Offset paging against the API: the current offset, the page size, the total and how to move. */
export interface Paging {
  offset: number
  limit: number
  count: number
  onChange: (offset: number) => void
}

export interface DataTableProps<T extends { id: string }> {
  rows: T[]
  /** Built with `createDataTableColumnHelper<T>()`. */
  columns: DataTableColumnDef<T, any>[]
  isLoading?: boolean
  /** Shown instead of the table when there are no rows (an `EmptyState`). */
  empty?: ReactNode
  paging?: Paging
  onRowClick?: (row: T) => void
  /** On the wrapper; rows are `[data-testid=…] tbody tr`. */
  testId?: string
}

/**
 * Every list in the messaging admin: Medusa's DataTable (its look, skeleton, row click and
 * pagination) with offset paging and our empty states.
 */
export function DataTable<T extends { id: string }>({
  rows,
  columns,
  isLoading = false,
  empty,
  paging,
  onRowClick,
  testId,
}: DataTableProps<T>) {
  const { t } = useTranslation()
  const table = useDataTable<T>({
    data: rows,
    columns,
    getRowId: (row) => row.id,
    rowCount: paging?.count ?? rows.length,
    isLoading,
    // The types say the row's data; @medusajs/ui 4.2 passes the table row (data in `original`).
    onRowClick: onRowClick
      ? (_event, row) => onRowClick((row as unknown as DataTableRow<T>).original ?? row)
      : undefined,
    pagination: paging
      ? { state: pageOf(paging.offset, paging.limit), onPaginationChange: (page) => paging.onChange(offsetOf(page)) }
      : undefined,
  })
  if (!isLoading && rows.length === 0) return <>{empty ?? null}</>
  return (
    <div data-testid={testId}>
      <UiDataTable instance={table}>
        <UiDataTable.Table />
        {paging && (
          <UiDataTable.Pagination
            translations={{
              of: t("messaging.common.of"),
              results: t("messaging.common.results"),
              pages: t("messaging.common.pages"),
              prev: t("messaging.common.previous"),
              next: t("messaging.common.next"),
            }}
          />
        )}
      </UiDataTable>
    </div>
  )
}

/** A cell's long text on one line, cut with an ellipsis at the width `className` gives (max-w-[…]). */
export function Truncate({ children, className }: { children: ReactNode; className?: string }) {
  return <span className={clx("block truncate", className)}>{children}</span>
}
