import { Badge, Button, Input, Switch, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { DataTable, Truncate, createDataTableColumnHelper } from "../components/data-table"
import { EmptyState } from "../components/empty-state"
import { FormDrawer } from "../components/form-drawer"
import { Section } from "../components/section"
import { SelectField } from "../components/select-field"
import { errorText, useApi, useApiMutation } from "../lib/api"
import { formatDateTime } from "../lib/format"
import type { Account, DebugEntry, GeneralSettings } from "../../types/messaging"
import { useDebounced } from "../lib/use-debounced"
import { usePermissions } from "../lib/permissions"
import { MESSAGING_RESOURCES as R } from "../../modules/messaging/vocabulary"

const PAGE = 50
const col = createDataTableColumnHelper<DebugEntry>()

function Pre({ label, text }: { label: string; text: string | null }) {
  if (!text) return null
  return (
    <div className="min-w-0">
      <Text size="xsmall" weight="plus" className="text-ui-fg-subtle">
        {label}
      </Text>
      <pre className="bg-ui-bg-subtle text-ui-fg-base mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-all rounded-md border p-2 font-mono text-xs">
        {text}
      </pre>
    </div>
  )
}

/**
 * Provider requests and responses (secrets, phone numbers and texts masked when recorded),
 * filterable, with a clear button and a time-limited switch to record numbers and texts in full.
 */
export function DebugTab() {
  const { t, i18n } = useTranslation()
  const prompt = usePrompt()
  const [accountId, setAccountId] = useState("")
  const [errorsOnly, setErrorsOnly] = useState(false)
  const [q, setQ] = useState("")
  const [offset, setOffset] = useState(0)
  const [open, setOpen] = useState<DebugEntry | null>(null)
  const query = useDebounced(q, 300)
  const settings = useApi<{ settings: GeneralSettings }>("/settings")
  const accounts = useApi<{ accounts: Account[] }>("/accounts")
  const log = useApi<{ entries: DebugEntry[]; count: number }>("/debug-log", {
    provider_account_id: accountId,
    errors_only: errorsOnly || undefined,
    q: query,
    limit: PAGE,
    offset,
  })
  const clear = useApiMutation<Record<string, never>>("/debug-log", "DELETE")
  const { can } = usePermissions()
  const enable = useApiMutation("/settings")
  const capture = useApi<{ debug_full_capture_until: string | null; max_minutes: number }>("/debug-log/full-capture")
  const setCapture = useApiMutation<{ minutes: number }, { debug_full_capture_until: string | null }>(
    "/debug-log/full-capture"
  )
  const [captureMinutes, setCaptureMinutes] = useState("15")
  const captureUntil = capture.data?.debug_full_capture_until ?? null
  const captureChoices = [15, 60, 240, 1440].filter((n) => n <= (capture.data?.max_minutes ?? 60))
  const changeCapture = async (minutes: number) => {
    try {
      const r = await setCapture.mutateAsync({ minutes })
      const until = r.debug_full_capture_until
      toast.success(
        until
          ? t("messaging.debug.fullCaptureStarted", { until: formatDateTime(until, i18n.language) })
          : t("messaging.debug.fullCaptureStopped")
      )
    } catch (e) {
      toast.error(errorText(e))
    }
  }
  const s = settings.data?.settings
  const accountName = (id: string | null) => accounts.data?.accounts.find((a) => a.id === id)?.name ?? id ?? "—"

  const columns = [
    col.accessor("created_at", {
      header: t("messaging.history.date"),
      size: 1,
      cell: ({ getValue }) => formatDateTime(getValue(), i18n.language),
    }),
    col.display({
      id: "request",
      header: t("messaging.debug.request"),
      cell: ({ row: { original: e } }) => (
        <Truncate className="max-w-[480px]">
          {accountName(e.provider_account_id)} · {e.operation} {e.method ? `· ${e.method}` : ""} {e.url ?? ""}
        </Truncate>
      ),
    }),
    col.accessor("duration_ms", {
      header: t("messaging.debug.duration"),
      size: 1,
      align: "right",
      cell: ({ getValue }) => (getValue() === null ? "—" : `${getValue()} ms`),
    }),
    col.accessor("status_code", {
      header: t("messaging.history.status"),
      size: 1,
      cell: ({ row: { original: e } }) => {
        const failed = !!e.error || (e.status_code ?? 0) >= 400
        return (
          <Badge size="2xsmall" color={failed ? "red" : "green"}>
            {e.status_code ?? (failed ? t("messaging.debug.error") : "ok")}
          </Badge>
        )
      },
    }),
  ]

  const doClear = async () => {
    if (
      !(await prompt({
        title: t("messaging.debug.clearConfirm"),
        description: t("messaging.common.confirmDeleteText"),
        confirmText: t("messaging.debug.clear"),
        cancelText: t("messaging.common.cancel"),
      }))
    )
      return
    await clear.mutateAsync({}).then(
      () => toast.success(t("messaging.debug.cleared")),
      (e) => toast.error(errorText(e))
    )
  }
  return (
    <Section
      title={t("messaging.debug.title")}
      description={s ? t("messaging.debug.description", { days: s.debug_retention_days }) : undefined}
      actions={
        <>
          <label className="flex items-center gap-2">
            <Switch
              checked={!!s?.debug_enabled}
              disabled={!s}
              onCheckedChange={(v) => enable.mutateAsync({ debug_enabled: v }).catch((e) => toast.error(errorText(e)))}
            />
            <Text size="small">{t("messaging.debug.recording")}</Text>
          </label>
          <Button
            size="small"
            variant="secondary"
            onClick={doClear}
            disabled={!log.data?.count || !can(R.debugLog, "delete")}
          >
            {t("messaging.debug.clear")}
          </Button>
        </>
      }
      flush
      testId="debug-section"
    >
      <div className="flex flex-wrap items-center gap-3 border-b px-6 py-3" data-testid="debug-full-capture">
        {captureUntil ? (
          <>
            <Badge size="2xsmall" color="orange">
              {t("messaging.debug.fullCaptureUntil", { until: formatDateTime(captureUntil, i18n.language) })}
            </Badge>
            <Button size="small" variant="secondary" isLoading={setCapture.isPending} onClick={() => changeCapture(0)}>
              {t("messaging.debug.fullCaptureStop")}
            </Button>
          </>
        ) : (
          <>
            <Text size="small" className="text-ui-fg-subtle flex-1">
              {t("messaging.debug.fullCaptureHint")}
            </Text>
            <div className="w-32">
              <SelectField
                value={captureMinutes}
                onChange={setCaptureMinutes}
                options={(captureChoices.length ? captureChoices : [capture.data?.max_minutes ?? 15]).map((n) => ({
                  value: String(n),
                  label: t("messaging.debug.minutes", { count: n }),
                }))}
              />
            </div>
            <Button
              size="small"
              variant="secondary"
              isLoading={setCapture.isPending}
              onClick={() => changeCapture(Math.min(Number(captureMinutes), capture.data?.max_minutes ?? 15))}
            >
              {t("messaging.debug.fullCaptureStart")}
            </Button>
          </>
        )}
      </div>
      <div className="grid grid-cols-1 gap-3 px-6 py-4 md:grid-cols-[1fr_1fr_auto]">
        <SelectField
          value={accountId}
          onChange={(v) => {
            setAccountId(v)
            setOffset(0)
          }}
          options={[
            { value: "", label: t("messaging.debug.allAccounts") },
            ...(accounts.data?.accounts ?? []).map((a) => ({ value: a.id, label: a.name })),
          ]}
        />
        <Input
          size="small"
          type="search"
          placeholder={t("messaging.debug.search")}
          value={q}
          onChange={(e) => {
            setQ(e.target.value)
            setOffset(0)
          }}
        />
        <label className="flex items-center gap-2">
          <Switch
            checked={errorsOnly}
            onCheckedChange={(v) => {
              setErrorsOnly(v)
              setOffset(0)
            }}
          />
          <Text size="small">{t("messaging.debug.errorsOnly")}</Text>
        </label>
      </div>
      <DataTable
        rows={log.data?.entries ?? []}
        columns={columns}
        isLoading={log.isLoading}
        paging={{ offset, limit: PAGE, count: log.data?.count ?? 0, onChange: setOffset }}
        onRowClick={setOpen}
        empty={
          <EmptyState
            title={s?.debug_enabled ? t("messaging.debug.empty") : t("messaging.debug.off")}
            description={s?.debug_enabled ? t("messaging.debug.emptyHint") : t("messaging.debug.offHint")}
            action={s?.debug_enabled ? undefined : t("messaging.debug.turnOn")}
            onAction={() => enable.mutateAsync({ debug_enabled: true }).catch((e) => toast.error(errorText(e)))}
            testId="debug-empty"
          />
        }
        testId="debug-table"
      />
      <FormDrawer
        open={!!open}
        onClose={() => setOpen(null)}
        title={open ? `${accountName(open.provider_account_id)} · ${open.operation}` : ""}
        testId="debug-drawer"
      >
        {open && (
          <>
            <Text size="small" className="text-ui-fg-subtle break-all">
              {formatDateTime(open.created_at, i18n.language)} · {open.method ?? ""} {open.url ?? ""}
            </Text>
            <Pre label={t("messaging.debug.request")} text={open.request} />
            <Pre label={t("messaging.debug.response")} text={open.response} />
            {open.error && <Pre label={t("messaging.debug.error")} text={open.error} />}
          </>
        )}
      </FormDrawer>
    </Section>
  )
}
