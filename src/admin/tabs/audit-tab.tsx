import { Input } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { DataTable, Truncate, createDataTableColumnHelper } from "../components/data-table"
import { EmptyState } from "../components/empty-state"
import { Section } from "../components/section"
import { SelectField } from "../components/select-field"
import { useApi } from "../lib/api"
import { formatDateTime } from "../lib/format"
import { useDebounced } from "../lib/use-debounced"
import type { AuditEntry } from "../../types/messaging"
import { MESSAGING_RESOURCES } from "../../modules/messaging/vocabulary"

const PAGE = 50
const col = createDataTableColumnHelper<AuditEntry>()

/** The audit trail of admin actions on the plugin: read-only, newest first, with filters. */
export function AuditTab() {
  const { t, i18n } = useTranslation()
  const [f, setF] = useState({ resource: "", actor_id: "", from: "", to: "", q: "" })
  const [offset, setOffset] = useState(0)
  const q = useDebounced(f.q, 300)
  const actor = useDebounced(f.actor_id, 300)
  const set = (patch: Partial<typeof f>) => {
    setF((x) => ({ ...x, ...patch }))
    setOffset(0)
  }
  const { data, isLoading } = useApi<{ entries: AuditEntry[]; count: number }>("/audit", {
    resource: f.resource,
    actor_id: actor.trim(),
    from: f.from ? new Date(`${f.from}T00:00:00`).toISOString() : "",
    to: f.to ? new Date(`${f.to}T23:59:59.999`).toISOString() : "",
    q,
    limit: PAGE,
    offset,
  })
  const columns = [
    col.accessor("created_at", {
      header: t("messaging.history.date"),
      cell: ({ getValue }) => formatDateTime(getValue(), i18n.language),
    }),
    col.accessor("actor_id", {
      header: t("messaging.audit.user"),
      cell: ({ getValue }) => <span className="font-mono text-xs">{getValue() ?? "—"}</span>,
    }),
    col.accessor("action", {
      header: t("messaging.audit.action"),
      cell: ({ getValue }) => <span className="font-mono text-xs">{getValue()}</span>,
    }),
    col.accessor("resource_id", {
      header: t("messaging.audit.record"),
      cell: ({ getValue }) => <span className="font-mono text-xs">{getValue() ?? "—"}</span>,
    }),
    col.accessor("summary", {
      header: t("messaging.audit.summary"),
      cell: ({ row }) => (
        <Truncate className="max-w-[420px]">
          {row.original.route}
          {row.original.summary ? ` — ${row.original.summary}` : ""}
        </Truncate>
      ),
    }),
  ]
  const anyFilter = Object.values(f).some(Boolean)
  return (
    <Section
      title={t("messaging.audit.title")}
      description={t("messaging.audit.description")}
      flush
      testId="audit-section"
    >
      <div className="grid grid-cols-1 gap-3 px-6 py-4 md:grid-cols-5">
        <SelectField
          value={f.resource}
          onChange={(v) => set({ resource: v })}
          options={[
            { value: "", label: t("messaging.audit.anyResource") },
            ...Object.values(MESSAGING_RESOURCES).map((r) => ({ value: r, label: r })),
          ]}
        />
        <Input
          size="small"
          placeholder={t("messaging.audit.userId")}
          value={f.actor_id}
          onChange={(e) => set({ actor_id: e.target.value })}
        />
        <Input
          size="small"
          type="date"
          value={f.from}
          onChange={(e) => set({ from: e.target.value })}
          aria-label={t("messaging.history.from")}
        />
        <Input
          size="small"
          type="date"
          value={f.to}
          onChange={(e) => set({ to: e.target.value })}
          aria-label={t("messaging.history.to")}
        />
        <Input
          size="small"
          type="search"
          placeholder={t("messaging.audit.search")}
          value={f.q}
          onChange={(e) => set({ q: e.target.value })}
        />
      </div>
      <DataTable
        rows={data?.entries ?? []}
        columns={columns}
        isLoading={isLoading}
        paging={{ offset, limit: PAGE, count: data?.count ?? 0, onChange: setOffset }}
        empty={<EmptyState title={anyFilter ? t("messaging.audit.noMatch") : t("messaging.audit.empty")} />}
        testId="audit-table"
      />
    </Section>
  )
}
