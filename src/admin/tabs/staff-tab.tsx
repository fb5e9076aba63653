import { Badge, Button, Checkbox, Input, Switch, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useTranslation } from "react-i18next"
import { DataTable, Truncate, createDataTableColumnHelper } from "../components/data-table"
import { RowActions } from "../components/row-actions"
import { EmptyState } from "../components/empty-state"
import { FormDrawer } from "../components/form-drawer"
import { Field } from "../components/field"
import { Section } from "../components/section"
import { SelectField } from "../components/select-field"
import { apiSend, errorText, useApi } from "../lib/api"
import { useConfirmDelete, useSave } from "../lib/use-save"
import { LOCALES } from "../../modules/messaging/vocabulary"
import type { EventInfo, StaffProfile } from "../../types/messaging"
import { useEventLabel } from "../lib/use-event-label"
import { staffPickerEvents } from "../lib/staff-events"
import { useSiteOptions } from "../lib/use-sites"

const CHAT_ID = /^(\d{1,15}|-100\d{5,13}|@[A-Za-z][A-Za-z0-9_]{4,31})$/
const col = createDataTableColumnHelper<StaffProfile>()
const EMPTY = {
  name: "",
  email: "",
  telegram_chat_id: "",
  events: [] as string[],
  sales_channel_id: "",
  locale: "en",
  enabled: true,
}

function StaffDrawer({
  profile,
  open,
  onClose,
  events,
}: {
  profile: StaffProfile | null
  open: boolean
  onClose: () => void
  events: EventInfo[]
}) {
  const { t } = useTranslation()
  const sites = useSiteOptions()
  const [form, setForm] = useState(EMPTY)
  const eventLabel = useEventLabel(events)
  useEffect(
    () =>
      setForm(
        profile
          ? {
              ...profile,
              email: profile.email ?? "",
              telegram_chat_id: profile.telegram_chat_id ?? "",
              sales_channel_id: profile.sales_channel_id ?? "",
            }
          : EMPTY
      ),
    [profile, open]
  )
  const { save: upsert, isPending } = useSave("/staff", profile?.id)
  const chatError =
    form.telegram_chat_id && !CHAT_ID.test(form.telegram_chat_id.trim()) ? t("messaging.staff.chatIdError") : null
  const save = async () => {
    const body = {
      ...form,
      email: form.email || null,
      telegram_chat_id: form.telegram_chat_id.trim() || null,
      sales_channel_id: form.sales_channel_id || null,
    }
    if (await upsert(body)) onClose()
  }
  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={profile ? t("messaging.staff.edit") : t("messaging.staff.add")}
      testId="staff-drawer"
      save={{
        onClick: save,
        isLoading: isPending,
        disabled: !form.name.trim() || !!chatError || (!form.email && !form.telegram_chat_id),
      }}
    >
      <Field label={t("messaging.staff.name")} htmlFor="staff-name">
        <Input
          id="staff-name"
          size="small"
          value={form.name}
          onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
        />
      </Field>
      <Field label={t("messaging.staff.email")} htmlFor="staff-email" optional={t("messaging.common.optional")}>
        <Input
          id="staff-email"
          size="small"
          type="email"
          value={form.email}
          onChange={(e) => setForm((f) => ({ ...f, email: e.target.value }))}
        />
      </Field>
      <Field
        label={t("messaging.staff.telegram")}
        htmlFor="staff-chat"
        optional={t("messaging.common.optional")}
        hint={t("messaging.staff.telegramHint")}
        error={chatError}
      >
        <Input
          id="staff-chat"
          size="small"
          value={form.telegram_chat_id}
          onChange={(e) => setForm((f) => ({ ...f, telegram_chat_id: e.target.value }))}
          placeholder="-1001234567890"
        />
      </Field>
      <Field label={t("messaging.staff.site")} hint={t("messaging.staff.siteHint")}>
        <SelectField
          value={form.sales_channel_id}
          onChange={(v) => setForm((f) => ({ ...f, sales_channel_id: v }))}
          options={sites.options}
        />
      </Field>
      <Field label={t("messaging.staff.locale")}>
        <SelectField
          value={form.locale}
          onChange={(v) => setForm((f) => ({ ...f, locale: v }))}
          options={LOCALES.map((l) => ({ value: l, label: t(`messaging.locale.${l}`) }))}
        />
      </Field>
      <Field label={t("messaging.staff.events")} hint={t("messaging.staff.eventsHint")}>
        <div className="grid grid-cols-1 gap-1.5 sm:grid-cols-2">
          {staffPickerEvents(events, profile?.events).map((e) => (
            <label key={e.event} className="flex items-center gap-2">
              <Checkbox
                checked={form.events.includes(e.event)}
                onCheckedChange={(v) =>
                  setForm((f) => ({ ...f, events: v ? [...f.events, e.event] : f.events.filter((x) => x !== e.event) }))
                }
              />
              <Text size="small">{eventLabel(e.event)}</Text>
            </label>
          ))}
        </div>
      </Field>
      <label className="flex items-center gap-2">
        <Switch checked={form.enabled} onCheckedChange={(v) => setForm((f) => ({ ...f, enabled: v }))} />
        <Text size="small">{t("messaging.templates.enabled")}</Text>
      </label>
    </FormDrawer>
  )
}

/** Staff notification profiles: e-mail and/or Telegram, the events each gets, an optional sales channel. */
export function StaffTab() {
  const { t } = useTranslation()
  const sites = useSiteOptions()
  const { data, isLoading } = useApi<{ profiles: StaffProfile[] }>("/staff")
  const events = useApi<{ events: EventInfo[] }>("/events")
  const [editing, setEditing] = useState<StaffProfile | null>(null)
  const [open, setOpen] = useState(false)
  const [testing, setTesting] = useState<string | null>(null)
  const del = useConfirmDelete("/staff")
  const eventLabel = useEventLabel(events.data?.events)
  const edit = (p: StaffProfile | null) => {
    setEditing(p)
    setOpen(true)
  }
  const sendTest = async (p: StaffProfile) => {
    setTesting(p.id)
    try {
      const r = await apiSend<{ messages: { channel: string }[]; skipped: { reason: string }[] }>(
        `/staff/${p.id}/send-test`
      )
      if (r.skipped.length) toast.warning(r.skipped.map((s) => s.reason).join("; "))
      else toast.success(t("messaging.staff.testQueued", { count: r.messages.length }))
    } catch (e) {
      toast.error(errorText(e))
    } finally {
      setTesting(null)
    }
  }
  const columns = [
    col.accessor("name", {
      header: t("messaging.staff.name"),
      cell: ({ row: { original: p } }) => (
        <div className="flex items-center gap-2">
          <Text size="small" weight="plus">
            {p.name}
          </Text>
          {!p.enabled && <Badge size="2xsmall">{t("messaging.common.off")}</Badge>}
        </div>
      ),
    }),
    col.display({
      id: "reach",
      header: t("messaging.staff.reach"),
      cell: ({ row: { original: p } }) =>
        [p.email, p.telegram_chat_id && `Telegram ${p.telegram_chat_id}`].filter(Boolean).join(" · "),
    }),
    col.accessor("events", {
      header: t("messaging.staff.events"),
      cell: ({ getValue }) => (
        <Truncate className="max-w-[280px]">
          {getValue().length ? getValue().map(eventLabel).join(", ") : t("messaging.staff.noEvents")}
        </Truncate>
      ),
    }),
    col.accessor("sales_channel_id", {
      header: t("messaging.staff.site"),
      cell: ({ getValue }) => sites.nameOf(getValue()),
    }),
    col.display({
      id: "actions",
      header: t("messaging.common.actions"),
      cell: ({ row: { original: p } }) => (
        <RowActions
          actions={[
            { label: t("messaging.staff.sendTest"), onClick: () => sendTest(p), isLoading: testing === p.id },
            { label: t("messaging.common.edit"), onClick: () => edit(p) },
            { label: t("messaging.common.delete"), onClick: () => del(p) },
          ]}
        />
      ),
    }),
  ]
  return (
    <Section
      title={t("messaging.staff.title")}
      description={t("messaging.staff.description")}
      actions={
        <Button size="small" variant="secondary" onClick={() => edit(null)} data-testid="staff-add">
          {t("messaging.staff.add")}
        </Button>
      }
      flush
      testId="staff-section"
    >
      <DataTable
        rows={data?.profiles ?? []}
        columns={columns}
        isLoading={isLoading}
        empty={
          <EmptyState
            title={t("messaging.staff.empty")}
            description={t("messaging.staff.emptyHint")}
            action={t("messaging.staff.add")}
            onAction={() => edit(null)}
          />
        }
        testId="staff-table"
      />
      <StaffDrawer profile={editing} open={open} onClose={() => setOpen(false)} events={events.data?.events ?? []} />
    </Section>
  )
}
