import { Button, Input, toast } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { DataTable, Truncate, createDataTableColumnHelper } from "../components/data-table"
import { RowActions } from "../components/row-actions"
import { EmptyState } from "../components/empty-state"
import { Section } from "../components/section"
import { SelectField } from "../components/select-field"
import { errorText, useApi, useApiMutation } from "../lib/api"
import { formatDateTime } from "../lib/format"
import type { OptOut } from "../../types/messaging"
import { OPT_OUT_CHANNELS } from "../../modules/messaging/vocabulary"
import { useDebounced } from "../lib/use-debounced"

const col = createDataTableColumnHelper<OptOut>()

/** Numbers that asked not to get messages (by reply keyword, provider report or an admin). */
export function OptOutsTab() {
  const { t, i18n } = useTranslation()
  const [q, setQ] = useState("")
  const [form, setForm] = useState({ phone: "", channel: "all", note: "" })
  const query = useDebounced(q, 300)
  const { data, isLoading } = useApi<{ opt_outs: OptOut[]; count: number }>("/opt-outs", { q: query, limit: 100 })
  const add = useApiMutation("/opt-outs")
  const remove = useApiMutation<{ id: string }>((b) => `/opt-outs/${b.id}`, "DELETE")
  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    try {
      await add.mutateAsync({ phone: form.phone, channel: form.channel, note: form.note || null })
      setForm({ phone: "", channel: "all", note: "" })
      toast.success(t("messaging.common.saved"))
    } catch (err) {
      toast.error(errorText(err))
    }
  }
  const columns = [
    col.accessor("phone", {
      header: t("messaging.optOuts.phone"),
      cell: ({ getValue }) => <span className="font-mono">{getValue()}</span>,
    }),
    col.accessor("channel", {
      header: t("messaging.templates.channel"),
      cell: ({ getValue }) =>
        getValue() === "all"
          ? t("messaging.optOuts.allChannels")
          : t(`messaging.channel.${getValue()}`, { defaultValue: getValue() }),
    }),
    col.accessor("source", {
      header: t("messaging.optOuts.source"),
      cell: ({ getValue }) => t(`messaging.optOuts.sources.${getValue()}`, { defaultValue: getValue() }),
    }),
    col.accessor("note", {
      header: t("messaging.optOuts.note"),
      cell: ({ getValue }) => <Truncate className="max-w-[240px]">{getValue() ?? "—"}</Truncate>,
    }),
    col.accessor("created_at", {
      header: t("messaging.history.date"),
      cell: ({ getValue }) => formatDateTime(getValue(), i18n.language),
    }),
    col.display({
      id: "actions",
      header: t("messaging.common.actions"),
      cell: ({ row }) => (
        <RowActions
          actions={[
            {
              label: t("messaging.optOuts.remove"),
              onClick: () => remove.mutateAsync({ id: row.original.id }).catch((e) => toast.error(errorText(e))),
            },
          ]}
        />
      ),
    }),
  ]
  return (
    <Section
      title={t("messaging.optOuts.title")}
      description={t("messaging.optOuts.description")}
      flush
      testId="opt-outs-section"
    >
      <form className="grid grid-cols-1 gap-3 px-6 py-4 md:grid-cols-[1fr_160px_1fr_auto]" onSubmit={submit}>
        <Input
          size="small"
          placeholder={t("messaging.optOuts.phone")}
          value={form.phone}
          onChange={(e) => setForm((f) => ({ ...f, phone: e.target.value }))}
        />
        <SelectField
          value={form.channel}
          onChange={(v) => setForm((f) => ({ ...f, channel: v }))}
          options={OPT_OUT_CHANNELS.map((c) => ({
            value: c,
            label: c === "all" ? t("messaging.optOuts.allChannels") : t(`messaging.channel.${c}`),
          }))}
        />
        <Input
          size="small"
          placeholder={t("messaging.optOuts.note")}
          value={form.note}
          onChange={(e) => setForm((f) => ({ ...f, note: e.target.value }))}
        />
        <Button size="small" type="submit" isLoading={add.isPending} disabled={!form.phone.trim()}>
          {t("messaging.optOuts.add")}
        </Button>
      </form>
      <div className="px-6 pb-4">
        <Input
          size="small"
          type="search"
          placeholder={t("messaging.optOuts.search")}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className="max-w-xs"
        />
      </div>
      <DataTable
        rows={data?.opt_outs ?? []}
        columns={columns}
        isLoading={isLoading}
        empty={
          <EmptyState
            title={query ? t("messaging.optOuts.noMatch") : t("messaging.optOuts.empty")}
            description={query ? undefined : t("messaging.optOuts.emptyHint")}
          />
        }
        testId="opt-outs-table"
      />
    </Section>
  )
}
