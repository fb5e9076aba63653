import { Alert, Badge, Button, Input, StatusBadge, Switch, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useTranslation } from "react-i18next"
import { AccountDrawer } from "../components/account-drawer"
import { DataTable, Truncate, createDataTableColumnHelper } from "../components/data-table"
import { RowActions } from "../components/row-actions"
import { EmptyState } from "../components/empty-state"
import { Field } from "../components/field"
import { Section } from "../components/section"
import { useConfirmDelete } from "../lib/use-save"
import { errorText, apiSend, useApi, useApiMutation } from "../lib/api"
import { formatMoney } from "../lib/format"
import { UNKNOWN_OUTCOME } from "../../modules/messaging/vocabulary"
import type { Account, AccountType, GeneralSettings } from "../../types/messaging"

const accountColumn = createDataTableColumnHelper<Account>()

function AccountsSection() {
  const { t, i18n } = useTranslation()
  const { data, isLoading } = useApi<{ accounts: Account[]; types: AccountType[] }>("/accounts")
  const [editing, setEditing] = useState<Account | null>(null)
  const [drawer, setDrawer] = useState(false)
  const [testing, setTesting] = useState<string | null>(null)
  const del = useConfirmDelete("/accounts")
  const toggle = useApiMutation<{ id: string; enabled: boolean }>((b) => `/accounts/${b.id}`)

  const test = async (a: Account) => {
    setTesting(a.id)
    try {
      const { result } = await apiSend<{
        result: { ok: boolean; error?: string; balance?: { amount: number; currency: string } }
      }>(`/accounts/${a.id}/test-connection`)
      if (result.ok) {
        toast.success(
          result.balance
            ? t("messaging.accounts.testOkBalance", {
                name: a.name,
                balance: formatMoney(result.balance.amount, result.balance.currency, i18n.language),
              })
            : t("messaging.accounts.testOk", { name: a.name })
        )
      } else toast.error(t("messaging.accounts.testFailed", { name: a.name, error: result.error ?? "" }))
    } catch (e) {
      toast.error(errorText(e))
    } finally {
      setTesting(null)
    }
  }
  const openDrawer = (a: Account | null) => {
    setEditing(a)
    setDrawer(true)
  }
  const columns = [
    accountColumn.accessor("name", {
      header: t("messaging.accounts.name"),
      cell: ({ row: { original: a } }) => (
        <div className="flex items-center gap-2">
          <Text size="small" weight="plus">
            {a.name}
          </Text>
          {a.source === "options" && <Badge size="2xsmall">{t("messaging.accounts.config")}</Badge>}
        </div>
      ),
    }),
    accountColumn.accessor("type", {
      header: t("messaging.accounts.type"),
      cell: ({ getValue }) => data?.types.find((x) => x.type === getValue())?.label ?? getValue(),
    }),
    accountColumn.accessor("priority", { header: t("messaging.accounts.priority") }),
    accountColumn.accessor("health_status", {
      header: t("messaging.accounts.health"),
      cell: ({ row: { original: a } }) => (
        <StatusBadge color={a.health_status === "healthy" ? "green" : "red"} title={a.last_error ?? undefined}>
          {t(`messaging.accounts.${a.health_status}`)}
        </StatusBadge>
      ),
    }),
    accountColumn.accessor("credentials", {
      header: t("messaging.accounts.credentials"),
      cell: ({ getValue }) => (
        <Truncate className="text-ui-fg-subtle max-w-[280px] font-mono">
          {Object.entries(getValue())
            .map(([k, v]) => `${k}: ${v}`)
            .join(", ") || "—"}
        </Truncate>
      ),
    }),
    accountColumn.accessor("enabled", {
      header: t("messaging.accounts.enabled"),
      cell: ({ row: { original: a } }) => (
        <Switch
          checked={a.enabled}
          onCheckedChange={(enabled) =>
            toggle.mutateAsync({ id: a.id, enabled }).catch((e) => toast.error(errorText(e)))
          }
        />
      ),
    }),
    accountColumn.display({
      id: "actions",
      header: t("messaging.common.actions"),
      cell: ({ row: { original: a } }) => (
        <RowActions
          actions={[
            { label: t("messaging.accounts.test"), onClick: () => test(a), isLoading: testing === a.id },
            { label: t("messaging.common.edit"), onClick: () => openDrawer(a), testId: "account-edit" },
            a.source !== "options" && { label: t("messaging.common.delete"), onClick: () => del(a) },
          ]}
        />
      ),
    }),
  ]

  return (
    <Section
      title={t("messaging.accounts.title")}
      description={t("messaging.accounts.description")}
      actions={
        <Button size="small" variant="secondary" onClick={() => openDrawer(null)} data-testid="account-add">
          {t("messaging.accounts.add")}
        </Button>
      }
      testId="accounts-section"
      flush
    >
      <DataTable
        rows={data?.accounts ?? []}
        columns={columns}
        isLoading={isLoading}
        empty={
          <EmptyState
            title={t("messaging.accounts.empty")}
            description={t("messaging.accounts.emptyHint")}
            action={t("messaging.accounts.add")}
            onAction={() => openDrawer(null)}
            testId="accounts-empty"
          />
        }
        testId="accounts-table"
      />
      {data && <AccountDrawer open={drawer} account={editing} onClose={() => setDrawer(false)} />}
    </Section>
  )
}

function SettingsSection() {
  const { t } = useTranslation()
  const { data } = useApi<{ settings: GeneralSettings; alert_delivery?: "smtp" | "notification" | "none" }>("/settings")
  const save = useApiMutation("/settings")
  const [form, setForm] = useState<Record<string, string | boolean>>({})
  useEffect(() => {
    if (!data) return
    const s = data.settings
    setForm({
      alert_email: s.alert_email ?? "",
      default_time_zone: s.default_time_zone,
      low_balance_threshold: s.low_balance_threshold === null ? "" : String(s.low_balance_threshold),
      debug_enabled: s.debug_enabled,
      debug_retention_days: String(s.debug_retention_days),
      public_url: s.public_url ?? "",
      failure_threshold: String(s.failure_threshold),
      max_attempts: String(s.max_attempts),
    })
  }, [data])
  const text = (key: string) => ({
    value: String(form[key] ?? ""),
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm((f) => ({ ...f, [key]: e.target.value })),
  })
  const submit = async () => {
    try {
      await save.mutateAsync({
        alert_email: form.alert_email || null,
        default_time_zone: form.default_time_zone,
        low_balance_threshold: form.low_balance_threshold === "" ? null : Number(form.low_balance_threshold),
        debug_enabled: !!form.debug_enabled,
        debug_retention_days: Number(form.debug_retention_days),
        public_url: form.public_url || null,
        failure_threshold: Number(form.failure_threshold),
        max_attempts: Number(form.max_attempts),
      })
      toast.success(t("messaging.common.saved"))
    } catch (e) {
      toast.error(errorText(e))
    }
  }
  return (
    <Section
      title={t("messaging.general.title")}
      description={t("messaging.general.description")}
      actions={
        <Button size="small" onClick={submit} isLoading={save.isPending} disabled={!data} data-testid="settings-save">
          {t("messaging.common.save")}
        </Button>
      }
      testId="general-settings"
    >
      {data?.alert_delivery === "none" && (
        <Alert variant="warning" className="mb-4" data-testid="alerts-undeliverable">
          {t("messaging.general.alertsUndeliverable")}
        </Alert>
      )}
      {data?.alert_delivery === "notification" && (
        <Text size="small" className="text-ui-fg-subtle mb-4" data-testid="alerts-via-notification">
          {t("messaging.general.alertsViaNotification")}
        </Text>
      )}
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Field
          label={t("messaging.general.alertEmail")}
          htmlFor="alert-email"
          hint={t("messaging.general.alertEmailHint")}
        >
          <Input id="alert-email" size="small" type="email" {...text("alert_email")} placeholder="owner@example.com" />
        </Field>
        <Field label={t("messaging.general.timeZone")} htmlFor="time-zone" hint={t("messaging.general.timeZoneHint")}>
          <Input id="time-zone" size="small" {...text("default_time_zone")} placeholder="Europe/Kyiv" />
        </Field>
        <Field
          label={t("messaging.general.lowBalance")}
          htmlFor="low-balance"
          hint={t("messaging.general.lowBalanceHint")}
        >
          <Input id="low-balance" size="small" type="number" min={0} step="0.01" {...text("low_balance_threshold")} />
        </Field>
        <Field
          label={t("messaging.general.publicUrl")}
          htmlFor="public-url"
          hint={t("messaging.general.publicUrlHint")}
        >
          <Input id="public-url" size="small" {...text("public_url")} placeholder="https://shop.example.com" />
        </Field>
        <Field
          label={t("messaging.general.failureThreshold")}
          htmlFor="failure-threshold"
          hint={t("messaging.general.failureThresholdHint")}
        >
          <Input id="failure-threshold" size="small" type="number" min={1} max={100} {...text("failure_threshold")} />
        </Field>
        <Field
          label={t("messaging.general.maxAttempts")}
          htmlFor="max-attempts"
          hint={t("messaging.general.maxAttemptsHint")}
        >
          <Input id="max-attempts" size="small" type="number" min={1} max={50} {...text("max_attempts")} />
        </Field>
        <Field label={t("messaging.general.debug")} hint={t("messaging.general.debugHint")}>
          <div className="flex h-8 items-center">
            <Switch
              checked={!!form.debug_enabled}
              onCheckedChange={(v) => setForm((f) => ({ ...f, debug_enabled: v }))}
              data-testid="debug-switch"
            />
          </div>
        </Field>
        <Field label={t("messaging.general.retention")} htmlFor="retention" hint={t("messaging.general.retentionHint")}>
          <Input id="retention" size="small" type="number" min={1} max={365} {...text("debug_retention_days")} />
        </Field>
      </div>
    </Section>
  )
}

/** Messages held because their provider may have them and cannot be asked (unknown_outcome "hold"). */
function UnknownOutcomeSection() {
  const { t } = useTranslation()
  const { data } = useApi<{ count: number }>(
    "/messages",
    { status: UNKNOWN_OUTCOME, limit: 1 },
    { refetchInterval: 30_000 }
  )
  if (!data?.count) return null
  return (
    <Section
      title={t("messaging.general.unknownTitle")}
      description={t("messaging.general.unknownCount", { count: data.count })}
      testId="unknown-outcome-count"
    >
      <Text size="small" className="text-ui-fg-subtle">
        {t("messaging.general.unknownHint")}
      </Text>
    </Section>
  )
}

export function GeneralTab() {
  return (
    <>
      <UnknownOutcomeSection />
      <AccountsSection />
      <SettingsSection />
    </>
  )
}
