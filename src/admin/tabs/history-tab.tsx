import { Button, Input, Table, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { BarChart } from "../components/bar-chart"
import { EmptyState } from "../components/empty-state"
import { MessageDrawer } from "../components/message-drawer"
import { Section } from "../components/section"
import { SelectField } from "../components/select-field"
import { MessageStatusBadge } from "../components/status-badge"
import { errorText, exportUrl, useApi, useApiMutation } from "../lib/api"
import { CHANNELS, MESSAGE_STATUSES, UNKNOWN_OUTCOME, formatDateTime, formatMoney } from "../lib/format"
import type { DayStat, EventInfo, Message } from "../../types/messaging"
import { useDebounced } from "../lib/use-debounced"
import { useEventLabel } from "../lib/use-event-label"
import { useSiteOptions } from "../lib/use-sites"

const PAGE = 25

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
  const list = useApi<{ messages: Message[]; count: number }>("/messages", { ...filters, limit: PAGE, offset }, { refetchInterval: 10_000 })
  const stats = useApi<{ days: DayStat[]; totals: { sent: number; delivered: number; delivery_rate: number | null } }>("/stats", { sales_channel_id: f.sales_channel_id })
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

  return (
    <>
      <Section
        title={t("messaging.history.rateTitle")}
        description={rate === null || rate === undefined ? t("messaging.history.rateNone") : t("messaging.history.rate", { rate: Math.round(rate * 100), delivered: stats.data!.totals.delivered, sent: stats.data!.totals.sent })}
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
            tooltip: t("messaging.history.dayTooltip", { day: d.day, sent: d.sent, delivered: d.delivered, failed: d.failed }),
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
          <Input size="small" type="search" placeholder={t("messaging.history.search")} value={f.q} onChange={(e) => set({ q: e.target.value })} data-testid="history-search" />
          <SelectField value={f.status} onChange={(v) => set({ status: v })} testId="history-status" options={[{ value: "", label: t("messaging.history.anyStatus") }, ...MESSAGE_STATUSES.map((s) => ({ value: s, label: t(`messaging.status.${s}`) }))]} />
          <SelectField value={f.channel} onChange={(v) => set({ channel: v })} options={[{ value: "", label: t("messaging.history.anyChannel") }, ...CHANNELS.map((c) => ({ value: c, label: t(`messaging.channel.${c}`) }))]} />
          <SelectField value={f.sales_channel_id} onChange={(v) => set({ sales_channel_id: v })} options={[{ value: "", label: t("messaging.history.anySite") }, ...sites.channels.map((c) => ({ value: c.id, label: c.name }))]} />
          <SelectField
            value={f.event_name}
            onChange={(v) => set({ event_name: v })}
            options={[{ value: "", label: t("messaging.history.anyEvent") }, ...(events.data?.events ?? []).map((e) => ({ value: e.event, label: eventLabel(e.event) })), { value: "campaign", label: eventLabel("campaign") }]}
          />
          <Input size="small" type="date" value={f.from} onChange={(e) => set({ from: e.target.value })} aria-label={t("messaging.history.from")} />
          <Input size="small" type="date" value={f.to} onChange={(e) => set({ to: e.target.value })} aria-label={t("messaging.history.to")} />
          {anyFilter && (
            <Button size="small" variant="transparent" onClick={() => set({ status: "", channel: "", sales_channel_id: "", event_name: "", from: "", to: "", q: "" })}>
              {t("messaging.history.clear")}
            </Button>
          )}
        </div>
        {list.isLoading ? (
          <Text size="small" className="px-6 py-4">
            {t("messaging.common.loading")}
          </Text>
        ) : count === 0 ? (
          <EmptyState title={anyFilter ? t("messaging.history.noMatch") : t("messaging.history.empty")} description={anyFilter ? t("messaging.history.noMatchHint") : t("messaging.history.emptyHint")} testId="history-empty" />
        ) : (
          <>
            <div className="overflow-x-auto">
              <Table>
                <Table.Header>
                  <Table.Row>
                    <Table.HeaderCell>{t("messaging.history.date")}</Table.HeaderCell>
                    <Table.HeaderCell>{t("messaging.message.recipient")}</Table.HeaderCell>
                    <Table.HeaderCell>{t("messaging.templates.channel")}</Table.HeaderCell>
                    <Table.HeaderCell>{t("messaging.history.status")}</Table.HeaderCell>
                    <Table.HeaderCell>{t("messaging.message.event")}</Table.HeaderCell>
                    <Table.HeaderCell>{t("messaging.templates.text")}</Table.HeaderCell>
                    <Table.HeaderCell className="text-right">{t("messaging.message.parts")}</Table.HeaderCell>
                    <Table.HeaderCell className="text-right">{t("messaging.message.cost")}</Table.HeaderCell>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {list.data!.messages.map((m) => (
                    <Table.Row key={m.id} className="cursor-pointer" onClick={() => setOpen(m.id)} data-testid="history-row">
                      <Table.Cell className="whitespace-nowrap">{formatDateTime(m.created_at, i18n.language)}</Table.Cell>
                      <Table.Cell className="whitespace-nowrap font-mono">
                        {m.direction === "inbound" ? "← " : ""}
                        {m.recipient}
                      </Table.Cell>
                      <Table.Cell>{t(`messaging.channel.${m.channel}`)}</Table.Cell>
                      <Table.Cell>
                        <div className="flex items-center gap-2">
                          <MessageStatusBadge status={m.status} />
                          {m.status === UNKNOWN_OUTCOME && m.direction === "outbound" && (
                            <Button size="small" variant="secondary" onClick={(e) => again(e, m.id)} disabled={sendAgain.isPending} data-testid="history-send-again">
                              {t("messaging.history.sendAgain")}
                            </Button>
                          )}
                        </div>
                      </Table.Cell>
                      <Table.Cell className="whitespace-nowrap">{eventLabel(m.event_name)}</Table.Cell>
                      <Table.Cell className="max-w-[320px]">
                        <Text size="small" className="truncate">
                          {m.body}
                        </Text>
                      </Table.Cell>
                      <Table.Cell className="text-right">{m.segments ?? "—"}</Table.Cell>
                      <Table.Cell className="whitespace-nowrap text-right">{m.cost !== null ? formatMoney(m.cost, m.currency, i18n.language) : "—"}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </div>
            <div className="flex items-center justify-between px-6 py-3">
              <Text size="small" className="text-ui-fg-subtle">
                {t("messaging.common.page", { from: offset + 1, to: Math.min(offset + PAGE, count), count })}
              </Text>
              <div className="flex gap-2">
                <Button size="small" variant="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                  {t("messaging.common.previous")}
                </Button>
                <Button size="small" variant="secondary" disabled={offset + PAGE >= count} onClick={() => setOffset(offset + PAGE)}>
                  {t("messaging.common.next")}
                </Button>
              </div>
            </div>
          </>
        )}
      </Section>
      <MessageDrawer id={open} onClose={() => setOpen(null)} onOpen={setOpen} />
    </>
  )
}
