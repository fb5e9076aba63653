import { Badge, Button, Input, toast } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { useSearchParams } from "react-router-dom"
import type { Collector, Lead } from "../../types/intake"
import { DataTable, Truncate, createDataTableColumnHelper } from "../components/data-table"
import { EmptyState } from "../components/empty-state"
import { CollectorDrawer } from "../components/intake-collector-drawer"
import { LeadDrawer } from "../components/intake-lead-drawer"
import { RowActions } from "../components/row-actions"
import { Section } from "../components/section"
import { SelectField } from "../components/select-field"
import { apiSend, errorText, useApi, useApiMutation } from "../lib/api"
import { formatDateTime } from "../lib/format"
import { useDebounced } from "../lib/use-debounced"

const colC = createDataTableColumnHelper<Collector>()
const colL = createDataTableColumnHelper<Lead>()
const STATUSES = ["", "new", "in_progress", "converted", "rejected"]

/** Intake: the collectors leads arrive through (HTTP, mailbox) and the leads themselves. */
export function IntakeTab() {
  const { t, i18n } = useTranslation()
  const [params, setParams] = useSearchParams()
  const [editing, setEditing] = useState<Collector | null | "new">(null)
  const [status, setStatus] = useState("")
  const [q, setQ] = useState("")
  const query = useDebounced(q, 300)
  const collectors = useApi<{ collectors: Collector[] }>("/intake/collectors")
  const leads = useApi<{ leads: Lead[]; count: number }>("/intake/leads", { status, q: query, limit: 100 })
  const toggle = useApiMutation<{ id: string; enabled: boolean }>((b) => `/intake/collectors/${b.id}`)
  const remove = useApiMutation<{ id: string }>((b) => `/intake/collectors/${b.id}`, "DELETE")
  const openLead = (id: string | null) =>
    setParams(id ? { tab: "intake", lead: id } : { tab: "intake" }, { replace: true })
  const nameOf = (id: string) => collectors.data?.collectors.find((c) => c.id === id)?.name ?? id
  const testConnection = async (c: Collector) => {
    const r = await apiSend<{ ok: boolean; error?: string; messages?: number }>(
      `/intake/collectors/${c.id}/test-connection`
    )
    if (r.ok) toast.success(t("messaging.intake.connectionOk", { count: r.messages ?? 0 }))
    else toast.error(r.error ?? "error")
  }
  const collectorColumns = [
    colC.accessor("name", { header: t("messaging.intake.name") }),
    colC.accessor("type", {
      header: t("messaging.intake.type"),
      cell: ({ getValue }) => t(`messaging.intake.types.${getValue()}`),
    }),
    colC.accessor("enabled", {
      header: t("messaging.intake.state"),
      cell: ({ row }) =>
        !row.original.enabled ? (
          <Badge size="2xsmall">{t("messaging.intake.disabled")}</Badge>
        ) : row.original.last_error ? (
          <Badge size="2xsmall" color="red">
            {t("messaging.intake.failing")}
          </Badge>
        ) : (
          <Badge size="2xsmall" color="green">
            {t("messaging.intake.active")}
          </Badge>
        ),
    }),
    colC.accessor("endpoint", {
      header: t("messaging.intake.source"),
      cell: ({ row }) => (
        <Truncate className="max-w-[240px] font-mono">
          {row.original.endpoint ?? `${(row.original.config as any)?.user}@${(row.original.config as any)?.host}`}
        </Truncate>
      ),
    }),
    colC.accessor("last_run_at", {
      header: t("messaging.intake.lastRun"),
      cell: ({ getValue }) => (getValue() ? formatDateTime(getValue()!, i18n.language) : "—"),
    }),
    colC.accessor("counts", {
      header: t("messaging.intake.counts"),
      cell: ({ getValue }) => `${getValue().leads} / ${getValue().with_errors}`,
    }),
    colC.accessor("last_error", {
      header: t("messaging.intake.lastError"),
      cell: ({ getValue }) => <Truncate className="max-w-[220px] text-ui-fg-error">{getValue() ?? "—"}</Truncate>,
    }),
    colC.display({
      id: "actions",
      header: t("messaging.common.actions"),
      cell: ({ row }) => (
        <RowActions
          actions={[
            { label: t("messaging.intake.edit"), onClick: () => setEditing(row.original) },
            {
              label: t("messaging.intake.testConnection"),
              onClick: () => testConnection(row.original).catch((e) => toast.error(errorText(e))),
            },
            {
              label: row.original.enabled ? t("messaging.intake.disable") : t("messaging.intake.enable"),
              onClick: () =>
                toggle
                  .mutateAsync({ id: row.original.id, enabled: !row.original.enabled })
                  .catch((e) => toast.error(errorText(e))),
            },
            {
              label: t("messaging.intake.delete"),
              onClick: () => remove.mutateAsync({ id: row.original.id }).catch((e) => toast.error(errorText(e))),
            },
          ]}
        />
      ),
    }),
  ]
  const leadColumns = [
    colL.accessor("created_at", {
      header: t("messaging.intake.received"),
      cell: ({ getValue }) => formatDateTime(getValue(), i18n.language),
    }),
    colL.accessor("status", {
      header: t("messaging.intake.status"),
      cell: ({ getValue }) => <Badge size="2xsmall">{t(`messaging.intake.statuses.${getValue()}`)}</Badge>,
    }),
    colL.accessor("contact_person", {
      header: t("messaging.intake.contact"),
      cell: ({ row }) => (
        <Truncate className="max-w-[200px]">
          {row.original.contact_person ?? row.original.email ?? row.original.phone ?? "—"}
        </Truncate>
      ),
    }),
    colL.accessor("phone", {
      header: t("messaging.intake.phone"),
      cell: ({ getValue }) => <span className="font-mono">{getValue() ?? "—"}</span>,
    }),
    colL.accessor("subject", {
      header: t("messaging.intake.subject"),
      cell: ({ getValue }) => <Truncate className="max-w-[220px]">{getValue() ?? "—"}</Truncate>,
    }),
    colL.accessor("collector_id", {
      header: t("messaging.intake.collector"),
      cell: ({ getValue }) => nameOf(getValue()),
    }),
    colL.accessor("parse_errors", {
      header: t("messaging.intake.parseErrors"),
      cell: ({ getValue }) =>
        getValue()?.length ? (
          <Badge size="2xsmall" color="red">
            {getValue()!.length}
          </Badge>
        ) : (
          "—"
        ),
    }),
    colL.accessor("draft_order_id", {
      header: t("messaging.intake.draftOrder"),
      cell: ({ getValue }) => (getValue() ? "✓" : "—"),
    }),
  ]
  return (
    <>
      <Section
        title={t("messaging.intake.collectors")}
        description={t("messaging.intake.collectorsHint")}
        flush
        testId="intake-collectors"
        actions={
          <Button size="small" variant="secondary" onClick={() => setEditing("new")} data-testid="collector-add">
            {t("messaging.intake.addCollector")}
          </Button>
        }
      >
        <DataTable
          rows={collectors.data?.collectors ?? []}
          columns={collectorColumns}
          isLoading={collectors.isLoading}
          empty={<EmptyState title={t("messaging.intake.noCollectors")} />}
          testId="collectors-table"
        />
      </Section>
      <Section
        title={t("messaging.intake.leads")}
        description={t("messaging.intake.leadsHint")}
        flush
        testId="intake-leads"
      >
        <div className="flex flex-wrap gap-3 px-6 py-4">
          <div className="w-48">
            <SelectField
              value={status}
              onChange={setStatus}
              options={STATUSES.map((s) => ({
                value: s,
                label: s ? t(`messaging.intake.statuses.${s}`) : t("messaging.intake.allStatuses"),
              }))}
              testId="lead-status-filter"
            />
          </div>
          <Input
            size="small"
            type="search"
            className="max-w-xs"
            placeholder={t("messaging.intake.search")}
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
        </div>
        <DataTable
          rows={leads.data?.leads ?? []}
          columns={leadColumns}
          isLoading={leads.isLoading}
          onRowClick={(l) => openLead(l.id)}
          empty={<EmptyState title={t("messaging.intake.noLeads")} />}
          testId="leads-table"
        />
      </Section>
      <CollectorDrawer
        collector={editing === "new" ? null : editing}
        open={editing !== null}
        onClose={() => setEditing(null)}
      />
      <LeadDrawer id={params.get("lead")} onClose={() => openLead(null)} />
    </>
  )
}
