import { Button, Input, toast } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { BarChart } from "../components/bar-chart"
import { DataTable, Truncate, createDataTableColumnHelper } from "../components/data-table"
import { EmptyState } from "../components/empty-state"
import { MessageDrawer } from "../components/message-drawer"
import { Section } from "../components/section"
import { SelectField } from "../components/select-field"
import { MessageStatusBadge } from "../components/status-badge"
import { errorText, exportUrl, useApi, useApiMutation } from "../lib/api"
import { formatDateTime, formatMoney } from "../lib/format"
import { CHANNELS, MESSAGE_STATUSES, UNKNOWN_OUTCOME } from "../../modules/messaging/vocabulary"
import type { DayStat, EventInfo, Message } from "../../types/messaging"
import { useDebounced } from "../lib/use-debounced"
import { useEventLabel } from "../lib/use-event-label"
import { useSiteOptions } from "../lib/use-sites"

const PAGE = 25
const col = createDataTableColumnHelper<Message>()

/** Every message with filters, a detail drawer, CSV export of the filtered list and the delivery rate. */
export function HistoryTab() {
  const { t, i18n } = useTranslation()
  const sites = useSiteOptions()
  const events = useApi<{ events: EventInfo[] }>("/events")
  const [f, setF] = useState({ status: "", channel: "", sales_channel_id: "", event_name: "", from: "", to: "", q: "" })
  const [offset, setOffset] = useState(0)
  const [open, setOpen] = useState<string | null>(null)
  const q = useDebounced(f.q, 300)
  const filters = {
    status: f.status,
    channel: f.channel,
    sales_channel_id: f.sales_channel_id,
    event_name: f.event_name,
    from: f.from ? new Date(`${f.from}T00:00:00`).toISOString() : "",
    to: f.to ? new Date(`${f.to}T23:59:59.999`).toISOString() : "",
    q,
  }
  const list = useApi<{ messages: Message[]; count: number }>(
    "/messages",
    { ...filters, limit: PAGE, offset },
    { refetchInterval: 10_000 }
  )
  const stats = useApi<{ days: DayStat[]; totals: { sent: number; delivered: number; delivery_rate: number | null } }>(
    "/stats",
    { sales_channel_id: f.sales_channel_id }
  )
  const set = (patch: Partial<typeof f>) => {
    setF((x) => ({ ...x, ...patch }))
    setOffset(0)
  }
  const count = list.data?.count ?? 0
  const rate = stats.data?.totals.delivery_rate
  const anyFilter = Object.values(f).some(Boolean)
  const eventLabel = useEventLabel(events.data?.events)
  const sendAgain = useApiMutation<{ ids: string[] }>("/messages/send-again")
  const again = async (e: React.MouseEvent, id: string) => {
    e.stopPropagation()
    try {
      await sendAgain.mutateAsync({ ids: [id] })
      toast.success(t("messaging.history.sentAgain"))
    } catch (err) {
      toast.error(errorText(err))
    }
  }

  const columns = [
    col.accessor("created_at", {
      header: t("messaging.history.date"),
      cell: ({ getValue }) => formatDateTime(getValue(), i18n.language),
    }),
    col.accessor("recipient", {
      header: t("messaging.message.recipient"),
      cell: ({ row }) => (
        <span className="font-mono">
          {row.original.direction === "inbound" ? "← " : ""}
          {row.original.recipient}
        </span>
      ),
    }),
    col.accessor("channel", {
      header: t("messaging.templates.channel"),
      cell: ({ getValue }) => t(`messaging.channel.${getValue()}`),
    }),
    col.accessor("status", {
      header: t("messaging.history.status"),
      cell: ({ row: { original: m } }) => (
        <div className="flex items-center gap-2">
          <MessageStatusBadge status={m.status} />
          {m.status === UNKNOWN_OUTCOME && m.direction === "outbound" && (
            <Button
              size="small"
              variant="secondary"
              onClick={(e) => again(e, m.id)}
              disabled={sendAgain.isPending}
              data-testid="history-send-again"
            >
              {t("messaging.history.sendAgain")}
            </Button>
          )}
        </div>
      ),
    }),
    col.accessor("event_name", {
      header: t("messaging.message.event"),
      cell: ({ getValue }) => eventLabel(getValue()),
    }),
    col.accessor("body", {
      header: t("messaging.templates.text"),
      cell: ({ getValue }) => <Truncate className="max-w-[320px]">{getValue()}</Truncate>,
    }),
    col.accessor("segments", {
      header: t("messaging.message.parts"),
      align: "right",
      cell: ({ getValue }) => getValue() ?? "—",
    }),
    col.accessor("cost", {
      header: t("messaging.message.cost"),
      align: "right",
      cell: ({ row: { original: m } }) => (m.cost !== null ? formatMoney(m.cost, m.currency, i18n.language) : "—"),
    }),
  ]

  return (
    <>
      <Section
        title={t("messaging.history.rateTitle")}
        description={
          rate === null || rate === undefined
            ? t("messaging.history.rateNone")
            : t("messaging.history.rate", {
                rate: Math.round(rate * 100),
                delivered: stats.data!.totals.delivered,
                sent: stats.data!.totals.sent,
              })
        }
        testId="delivery-chart"
      >
        <BarChart
          height={80}
          empty={t("messaging.history.noStats")}
          bars={(stats.data?.days ?? []).map((d) => ({
            key: d.day,
            label: d.day,
            value: d.sent,
            part: d.delivered,
            tooltip: t("messaging.history.dayTooltip", {
              day: d.day,
              sent: d.sent,
              delivered: d.delivered,
              failed: d.failed,
            }),
          }))}
        />
      </Section>
      <Section
        title={t("messaging.history.title")}
        description={t("messaging.history.count", { count })}
        actions={
          <Button size="small" variant="secondary" asChild>
            <a href={exportUrl(filters)} download data-testid="history-export">
              {t("messaging.history.export")}
            </a>
          </Button>
        }
        flush
        testId="history-section"
      >
        <div className="grid grid-cols-1 gap-3 px-6 py-4 sm:grid-cols-2 lg:grid-cols-4">
          <Input
            size="small"
            type="search"
            placeholder={t("messaging.history.search")}
            value={f.q}
            onChange={(e) => set({ q: e.target.value })}
            data-testid="history-search"
          />
          <SelectField
            value={f.status}
            onChange={(v) => set({ status: v })}
            testId="history-status"
            options={[
              { value: "", label: t("messaging.history.anyStatus") },
              ...MESSAGE_STATUSES.map((s) => ({ value: s, label: t(`messaging.status.${s}`) })),
            ]}
          />
          <SelectField
            value={f.channel}
            onChange={(v) => set({ channel: v })}
            options={[
              { value: "", label: t("messaging.history.anyChannel") },
              ...CHANNELS.map((c) => ({ value: c, label: t(`messaging.channel.${c}`) })),
            ]}
          />
          <SelectField
            value={f.sales_channel_id}
            onChange={(v) => set({ sales_channel_id: v })}
            options={[
              { value: "", label: t("messaging.history.anySite") },
              ...sites.channels.map((c) => ({ value: c.id, label: c.name })),
            ]}
          />
          <SelectField
            value={f.event_name}
            onChange={(v) => set({ event_name: v })}
            options={[
              { value: "", label: t("messaging.history.anyEvent") },
              ...(events.data?.events ?? []).map((e) => ({ value: e.event, label: eventLabel(e.event) })),
              { value: "campaign", label: eventLabel("campaign") },
            ]}
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
          {anyFilter && (
            <Button
              size="small"
              variant="transparent"
              onClick={() =>
                set({ status: "", channel: "", sales_channel_id: "", event_name: "", from: "", to: "", q: "" })
              }
            >
              {t("messaging.history.clear")}
            </Button>
          )}
        </div>
        <DataTable
          rows={list.data?.messages ?? []}
          columns={columns}
          isLoading={list.isLoading}
          paging={{ offset, limit: PAGE, count, onChange: setOffset }}
          onRowClick={(m) => setOpen(m.id)}
          empty={
            <EmptyState
              title={anyFilter ? t("messaging.history.noMatch") : t("messaging.history.empty")}
              description={anyFilter ? t("messaging.history.noMatchHint") : t("messaging.history.emptyHint")}
              testId="history-empty"
            />
          }
          testId="history-table"
        />
      </Section>
      <MessageDrawer id={open} onClose={() => setOpen(null)} onOpen={setOpen} />
    </>
  )
}
