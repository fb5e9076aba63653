import { Badge, Button, Input, Text } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { DataTable, Truncate, createDataTableColumnHelper } from "../components/data-table"
import { EmptyState } from "../components/empty-state"
import { RulesSection } from "../components/rules-section"
import { Section } from "../components/section"
import { SelectField } from "../components/select-field"
import { TemplateEditor } from "../components/template-editor"
import { newDraft, type TemplateDraft } from "../lib/template-draft"
import { useApi } from "../lib/api"
import { usePermissions } from "../lib/permissions"
import { AUDIENCES, LOCALES, MESSAGING_RESOURCES as R } from "../../modules/messaging/vocabulary"
import type { EventInfo, Template } from "../../types/messaging"
import { useDebounced } from "../lib/use-debounced"
import { useEventLabel } from "../lib/use-event-label"
import { useSiteOptions } from "../lib/use-sites"

const col = createDataTableColumnHelper<Template>()

/** Events & templates: find a template by event, audience, site and locale; edit it; custom rules below. */
export function TemplatesTab() {
  const { t } = useTranslation()
  const sites = useSiteOptions()
  const canCreate = usePermissions().can(R.template, "create")
  const events = useApi<{ events: EventInfo[] }>("/events")
  const [filters, setFilters] = useState({ event_name: "", audience: "", sales_channel_id: "", locale: "", q: "" })
  const q = useDebounced(filters.q, 300)
  const templates = useApi<{ templates: Template[]; count: number }>("/templates", {
    event_name: filters.event_name,
    audience: filters.audience,
    sales_channel_id: filters.sales_channel_id === "" ? undefined : filters.sales_channel_id,
    locale: filters.locale,
    q,
    limit: 500,
  })
  const [draft, setDraft] = useState<TemplateDraft | null>(null)
  const eventList = events.data?.events ?? []
  const label = useEventLabel(eventList)
  const set = (patch: Partial<typeof filters>) => setFilters((f) => ({ ...f, ...patch }))
  // In the order of the event catalogue (a shop's life: order placed → paid → shipped …), then audience, channel, language.
  const rank = (tpl: Template) => {
    const i = eventList.findIndex((e) => e.event === tpl.event_name)
    return i === -1 ? eventList.length : i
  }
  const rows = [...(templates.data?.templates ?? [])].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      AUDIENCES.indexOf(a.audience) - AUDIENCES.indexOf(b.audience) ||
      a.channel.localeCompare(b.channel) ||
      a.locale.localeCompare(b.locale)
  )
  const columns = [
    col.accessor("event_name", {
      header: t("messaging.templates.event"),
      cell: ({ row: { original: tpl } }) => (
        <>
          <Text size="small" weight="plus">
            {label(tpl.event_name)}
          </Text>
          <Text size="xsmall" className="text-ui-fg-muted font-mono">
            {tpl.code}
          </Text>
        </>
      ),
    }),
    col.accessor("audience", {
      header: t("messaging.templates.audience"),
      cell: ({ getValue }) => t(`messaging.audience.${getValue()}`),
    }),
    col.accessor("channel", {
      header: t("messaging.templates.channel"),
      cell: ({ getValue }) => t(`messaging.channel.${getValue()}`),
    }),
    col.accessor("sales_channel_id", {
      header: t("messaging.templates.site"),
      cell: ({ getValue }) => sites.nameOf(getValue()),
    }),
    col.accessor("locale", { header: t("messaging.templates.locale") }),
    col.accessor("body", {
      header: t("messaging.templates.text"),
      cell: ({ getValue }) => <Truncate className="max-w-[320px]">{getValue()}</Truncate>,
    }),
    col.display({
      id: "state",
      header: t("messaging.templates.state"),
      cell: ({ row: { original: tpl } }) => (
        <div className="flex gap-1">
          <Badge size="2xsmall" color={tpl.enabled ? "green" : "grey"}>
            {tpl.enabled ? t("messaging.common.on") : t("messaging.common.off")}
          </Badge>
          {tpl.critical && (
            <Badge size="2xsmall" color="orange">
              {t("messaging.templates.critical")}
            </Badge>
          )}
          {!tpl.is_default && (
            <Badge size="2xsmall" color="blue">
              {t("messaging.templates.edited")}
            </Badge>
          )}
        </div>
      ),
    }),
  ]

  return (
    <>
      <Section
        title={t("messaging.templates.title")}
        description={t("messaging.templates.description")}
        actions={
          canCreate && (
            <Button
              size="small"
              variant="secondary"
              onClick={() =>
                setDraft(
                  newDraft(eventList.find((e) => e.event === filters.event_name) ?? eventList[0], {
                    sales_channel_id: filters.sales_channel_id || null,
                    locale: filters.locale || "en",
                  })
                )
              }
              data-testid="template-new"
            >
              {t("messaging.templates.new")}
            </Button>
          )
        }
        testId="templates-section"
        flush
      >
        <div className="grid grid-cols-1 gap-3 px-6 py-4 sm:grid-cols-2 lg:grid-cols-5">
          <SelectField
            value={filters.event_name}
            onChange={(v) => set({ event_name: v })}
            testId="filter-event"
            options={[
              { value: "", label: t("messaging.templates.allEvents") },
              ...eventList.map((e) => ({ value: e.event, label: label(e.event) })),
            ]}
          />
          <SelectField
            value={filters.audience}
            onChange={(v) => set({ audience: v })}
            options={[
              { value: "", label: t("messaging.templates.allAudiences") },
              ...AUDIENCES.map((a) => ({ value: a, label: t(`messaging.audience.${a}`) })),
            ]}
          />
          <SelectField
            value={filters.sales_channel_id}
            onChange={(v) => set({ sales_channel_id: v })}
            options={[
              { value: "", label: t("messaging.templates.allSites") },
              { value: "global", label: t("messaging.common.globalShort") },
              ...sites.channels.map((c) => ({ value: c.id, label: c.name })),
            ]}
          />
          <SelectField
            value={filters.locale}
            onChange={(v) => set({ locale: v })}
            options={[
              { value: "", label: t("messaging.templates.allLocales") },
              ...LOCALES.map((l) => ({ value: l, label: t(`messaging.locale.${l}`) })),
            ]}
          />
          <Input
            size="small"
            type="search"
            placeholder={t("messaging.templates.search")}
            value={filters.q}
            onChange={(e) => set({ q: e.target.value })}
          />
        </div>
        <DataTable
          rows={rows}
          columns={columns}
          isLoading={templates.isLoading}
          onRowClick={(tpl) => setDraft({ ...tpl })}
          empty={
            <EmptyState
              title={t("messaging.templates.empty")}
              description={t("messaging.templates.emptyHint")}
              action={t("messaging.templates.new")}
              onAction={() => setDraft(newDraft(eventList[0]))}
            />
          }
          testId="templates-table"
        />
      </Section>
      <RulesSection />
      <TemplateEditor draft={draft} events={eventList} onClose={() => setDraft(null)} />
    </>
  )
}
