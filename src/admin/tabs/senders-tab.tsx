import { Badge, Button, Input, Text } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { DataTable, createDataTableColumnHelper } from "../components/data-table"
import { RowActions } from "../components/row-actions"
import { EmptyState } from "../components/empty-state"
import { FormDrawer } from "../components/form-drawer"
import { Field } from "../components/field"
import { Section } from "../components/section"
import { SelectField } from "../components/select-field"
import { useConfirmDelete, useSave } from "../lib/use-save"
import { useApi } from "../lib/api"
import type { Account, Sender } from "../../types/messaging"
import { useSiteOptions } from "../lib/use-sites"
import { SENDER_CHANNELS, SENDER_STATUSES } from "../../modules/messaging/vocabulary"

const col = createDataTableColumnHelper<Sender>()
const STATUS_COLOR: Record<string, "green" | "orange" | "red"> = {
  registered: "green",
  pending: "orange",
  rejected: "red",
}

/** SMS and Viber senders as registered with each provider account, and which sites use them by default. */
export function SendersTab() {
  const { t } = useTranslation()
  const sites = useSiteOptions()
  const accounts = useApi<{ accounts: Account[]; types?: { type: string; channels: readonly string[] }[] }>("/accounts")
  const senders = useApi<{ senders: Sender[] }>("/senders")
  const [open, setOpen] = useState(false)
  const [form, setForm] = useState({
    provider_account_id: "",
    channel: "sms",
    name: "",
    status: "registered",
    note: "",
  })
  const { save: upsert, isPending } = useSave("/senders", null)
  const del = useConfirmDelete("/senders")
  // senders belong to the account types that send SMS or Viber (each type's channels come with the list)
  const hasSenders = (type: string) =>
    accounts.data?.types
      ?.find((info) => info.type === type)
      ?.channels.some((c) => (SENDER_CHANNELS as readonly string[]).includes(c)) ?? false
  const accountList = (accounts.data?.accounts ?? []).filter((a) => hasSenders(a.type))
  const usedBy = (s: Sender) =>
    sites.sites
      .filter((site) => (s.channel === "sms" ? site.sms_sender : site.viber_sender) === s.name)
      .map((site) => sites.nameOf(site.sales_channel_id))

  const add = () => {
    setForm({ provider_account_id: accountList[0]?.id ?? "", channel: "sms", name: "", status: "registered", note: "" })
    setOpen(true)
  }
  const save = async () => {
    if (await upsert({ ...form, note: form.note || null })) setOpen(false)
  }

  const columns = [
    col.accessor("name", {
      header: t("messaging.senders.name"),
      cell: ({ row: { original: s } }) => (
        <>
          <Text size="small" weight="plus">
            {s.name}
          </Text>
          {s.note && (
            <Text size="xsmall" className="text-ui-fg-subtle">
              {s.note}
            </Text>
          )}
        </>
      ),
    }),
    col.accessor("channel", {
      header: t("messaging.senders.channel"),
      cell: ({ getValue }) => t(`messaging.channel.${getValue()}`),
    }),
    col.accessor("provider_account_id", {
      header: t("messaging.senders.account"),
      cell: ({ getValue }) => accounts.data?.accounts.find((a) => a.id === getValue())?.name ?? getValue(),
    }),
    col.accessor("status", {
      header: t("messaging.senders.status"),
      cell: ({ getValue }) => (
        <Badge size="2xsmall" color={STATUS_COLOR[getValue()] ?? "grey"}>
          {t(`messaging.senders.statuses.${getValue()}`, { defaultValue: getValue() })}
        </Badge>
      ),
    }),
    col.display({
      id: "default_for",
      header: t("messaging.senders.defaultFor"),
      cell: ({ row }) => usedBy(row.original).join(", ") || "—",
    }),
    col.display({
      id: "actions",
      header: t("messaging.common.actions"),
      cell: ({ row }) => (
        <RowActions actions={[{ label: t("messaging.common.delete"), onClick: () => del(row.original) }]} />
      ),
    }),
  ]

  return (
    <Section
      title={t("messaging.senders.title")}
      description={t("messaging.senders.description")}
      actions={
        <Button size="small" variant="secondary" onClick={add} disabled={accountList.length === 0}>
          {t("messaging.senders.add")}
        </Button>
      }
      flush
      testId="senders-section"
    >
      {accountList.length === 0 ? (
        <EmptyState title={t("messaging.senders.noAccounts")} description={t("messaging.senders.noAccountsHint")} />
      ) : (
        <DataTable
          rows={senders.data?.senders ?? []}
          columns={columns}
          isLoading={senders.isLoading}
          empty={
            <EmptyState
              title={t("messaging.senders.empty")}
              description={t("messaging.senders.emptyHint")}
              action={t("messaging.senders.add")}
              onAction={add}
            />
          }
          testId="senders-table"
        />
      )}
      <FormDrawer
        open={open}
        onClose={() => setOpen(false)}
        title={t("messaging.senders.add")}
        save={{ onClick: save, isLoading: isPending, disabled: !form.name.trim() || !form.provider_account_id }}
      >
        <Field label={t("messaging.senders.account")}>
          <SelectField
            value={form.provider_account_id}
            onChange={(v) => setForm((f) => ({ ...f, provider_account_id: v }))}
            options={accountList.map((a) => ({ value: a.id, label: a.name }))}
          />
        </Field>
        <Field label={t("messaging.senders.channel")}>
          <SelectField
            value={form.channel}
            onChange={(v) => setForm((f) => ({ ...f, channel: v }))}
            options={SENDER_CHANNELS.map((c) => ({ value: c, label: t(`messaging.channel.${c}`) }))}
          />
        </Field>
        <Field
          label={t("messaging.senders.name")}
          htmlFor="sender-name"
          hint={form.channel === "sms" ? t("messaging.senders.smsNameHint") : t("messaging.senders.viberNameHint")}
        >
          <Input
            id="sender-name"
            size="small"
            value={form.name}
            onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
          />
        </Field>
        <Field label={t("messaging.senders.status")}>
          <SelectField
            value={form.status}
            onChange={(v) => setForm((f) => ({ ...f, status: v }))}
            options={SENDER_STATUSES.map((s) => ({
              value: s,
              label: t(`messaging.senders.statuses.${s}`),
            }))}
          />
        </Field>
        <Field label={t("messaging.senders.note")} htmlFor="sender-note" optional={t("messaging.common.optional")}>
          <Input
            id="sender-note"
            size="small"
            value={form.note}
            onChange={(e) => setForm((f) => ({ ...f, note: e.target.value }))}
          />
        </Field>
      </FormDrawer>
    </Section>
  )
}
