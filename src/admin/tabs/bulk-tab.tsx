import { Alert, Badge, Button, Container, Input, RadioGroup, Text, Textarea, toast } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { DataTable, createDataTableColumnHelper } from "../components/data-table"
import { EmptyState } from "../components/empty-state"
import { Field } from "../components/field"
import { Section } from "../components/section"
import { SelectField } from "../components/select-field"
import { SmsCounter, useTextCounter } from "../components/sms-counter"
import { apiSend, errorText, useApi, useApiMutation } from "../lib/api"
import { formatDateTime, formatMoney } from "../lib/format"
import { sdk } from "../lib/sdk"
import type { Campaign, CampaignPlan } from "../../types/messaging"
import { useSiteOptions } from "../lib/use-sites"
import { DELIVERY_MODES, MESSAGING_RESOURCES as R } from "../../modules/messaging/vocabulary"
import { usePermissions } from "../lib/permissions"

const DONE = ["sent", "delivered", "read", "undelivered", "failed", "skipped", "canceled"]

const col = createDataTableColumnHelper<Campaign>()
const STATUS_COLOR: Record<string, "blue" | "green" | "orange"> = {
  running: "blue",
  completed: "green",
  paused: "orange",
}

function CampaignActions({ c }: { c: Campaign }) {
  const { t } = useTranslation()
  const pause = useApiMutation(`/campaigns/${c.id}/pause`)
  const resume = useApiMutation(`/campaigns/${c.id}/resume`)
  const cancel = useApiMutation(`/campaigns/${c.id}/cancel`)
  const act = (m: typeof pause) => m.mutateAsync({}).catch((e) => toast.error(errorText(e)))
  const { can } = usePermissions()
  if (!can(R.campaign, "update")) return null
  return (
    <div className="flex justify-end gap-1">
      {(c.status === "running" || c.status === "enqueuing") && (
        <Button size="small" variant="secondary" onClick={() => act(pause)} isLoading={pause.isPending}>
          {t("messaging.bulk.pause")}
        </Button>
      )}
      {c.status === "paused" && (
        <Button size="small" variant="secondary" onClick={() => act(resume)} isLoading={resume.isPending}>
          {t("messaging.bulk.resume")}
        </Button>
      )}
      {!["completed", "canceled"].includes(c.status) && (
        <Button size="small" variant="transparent" onClick={() => act(cancel)} isLoading={cancel.isPending}>
          {t("messaging.common.cancel")}
        </Button>
      )}
    </div>
  )
}

function CampaignProgress({ c }: { c: Campaign }) {
  const { t, i18n } = useTranslation()
  const total = c.progress.total || c.total || 0
  const done = DONE.reduce((s, k) => s + (c.progress[k] ?? 0), 0)
  const pct = total ? Math.round((done / total) * 100) : 0
  return (
    <div className="flex min-w-[240px] flex-col gap-y-1 whitespace-normal py-2">
      <div
        className="bg-ui-bg-subtle h-2 w-full overflow-hidden rounded-full"
        role="progressbar"
        aria-valuenow={pct}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div className="bg-ui-tag-green-icon h-full" style={{ width: `${pct}%` }} />
      </div>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {t("messaging.bulk.progress", {
          pct,
          done,
          total,
          sent: (c.progress.sent ?? 0) + (c.progress.delivered ?? 0) + (c.progress.read ?? 0),
          waiting: (c.progress.queued ?? 0) + (c.progress.deferred ?? 0),
          skipped: c.progress.skipped ?? 0,
          failed: (c.progress.failed ?? 0) + (c.progress.undelivered ?? 0),
        })}
        {c.status === "running" && c.next_send_at && new Date(c.next_send_at).getTime() - Date.now() > 60_000 && (
          <> · {t("messaging.bulk.nextAt", { time: formatDateTime(c.next_send_at, i18n.language) })}</>
        )}
      </Text>
    </div>
  )
}

/** Bulk sending: recipients, text, a dry run (count, parts, cost), then the run with progress, pause and cancel. */
export function BulkTab() {
  const { t, i18n } = useTranslation()
  const canCreate = usePermissions().can(R.campaign, "create")
  const sites = useSiteOptions()
  const [form, setForm] = useState({
    name: "",
    type: "list",
    customer_group_id: "",
    sales_channel_id: "",
    from: "",
    to: "",
    phones: "",
    channel: "sms",
    body: "",
    rate: "20",
    start_at: "",
  })
  const [plan, setPlan] = useState<CampaignPlan | null>(null)
  const [busy, setBusy] = useState<"dry" | "start" | null>(null)
  const [error, setError] = useState<string | null>(null)
  const counter = useTextCounter(form.body)
  const groupList = useQuery({
    queryKey: ["messaging", "customer-groups"],
    queryFn: () =>
      sdk.client.fetch<{ customer_groups: { id: string; name: string }[] }>("/admin/customer-groups", {
        query: { limit: 200, fields: "id,name" },
      }),
    enabled: form.type === "customer_group",
  })
  const campaigns = useApi<{ campaigns: Campaign[] }>(
    "/campaigns",
    { limit: 20 },
    {
      refetchInterval: (q) =>
        q.state.data?.campaigns.some((c) => ["running", "enqueuing"].includes(c.status)) ? 3000 : false,
    }
  )
  const set = (patch: Partial<typeof form>) => {
    setForm((f) => ({ ...f, ...patch }))
    setPlan(null)
  }
  const payload = () => ({
    channel: form.channel,
    body: form.body,
    ...(form.sales_channel_id ? { sales_channel_id: form.sales_channel_id } : {}),
    audience: {
      type: form.type,
      ...(form.type === "customer_group" ? { customer_group_id: form.customer_group_id || undefined } : {}),
      ...(form.type === "orders"
        ? {
            from: form.from ? new Date(`${form.from}T00:00:00`).toISOString() : undefined,
            to: form.to ? new Date(`${form.to}T23:59:59.999`).toISOString() : undefined,
            ...(form.sales_channel_id ? { sales_channel_id: form.sales_channel_id } : {}),
          }
        : {}),
      ...(form.type === "list" ? { phones: form.phones } : {}),
    },
    ...(form.start_at ? { start_at: new Date(form.start_at).toISOString() } : {}),
  })
  const dryRun = async () => {
    setBusy("dry")
    setError(null)
    try {
      setPlan((await apiSend<{ plan: CampaignPlan }>("/campaigns/dry-run", payload())).plan)
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(null)
    }
  }
  const start = async () => {
    setBusy("start")
    setError(null)
    try {
      await apiSend("/campaigns", {
        ...payload(),
        name: form.name || t("messaging.bulk.defaultName", { date: new Date().toLocaleDateString(i18n.language) }),
        rate_per_second: Number(form.rate) || 20,
      })
      toast.success(t("messaging.bulk.started"))
      setPlan(null)
      campaigns.refetch()
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(null)
    }
  }

  const campaignColumns = [
    col.accessor("name", {
      header: t("messaging.bulk.name"),
      cell: ({ row: { original: c } }) => (
        <div className="flex flex-col">
          <div className="flex items-center gap-2">
            <Text size="small" weight="plus" className="max-w-[240px] truncate">
              {c.name}
            </Text>
            <Badge size="2xsmall" color={STATUS_COLOR[c.status] ?? "grey"}>
              {t(`messaging.bulk.status.${c.status}`, { defaultValue: c.status })}
            </Badge>
          </div>
          <Text size="xsmall" className="text-ui-fg-subtle">
            {formatDateTime(c.started_at ?? c.created_at, i18n.language)}
          </Text>
        </div>
      ),
    }),
    col.display({
      id: "progress",
      header: t("messaging.bulk.progressTitle"),
      cell: ({ row }) => <CampaignProgress c={row.original} />,
    }),
    col.display({
      id: "actions",
      header: t("messaging.common.actions"),
      cell: ({ row }) => <CampaignActions c={row.original} />,
    }),
  ]

  return (
    <>
      <Section title={t("messaging.bulk.title")} description={t("messaging.bulk.description")} testId="bulk-section">
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
          <div className="flex min-w-0 flex-col gap-y-4">
            <Field label={t("messaging.bulk.name")} htmlFor="bulk-name" optional={t("messaging.common.optional")}>
              <Input id="bulk-name" size="small" value={form.name} onChange={(e) => set({ name: e.target.value })} />
            </Field>
            <Field label={t("messaging.bulk.recipients")}>
              <RadioGroup value={form.type} onValueChange={(v) => set({ type: v })} className="flex flex-col gap-2">
                {["list", "customer_group", "orders"].map((type) => (
                  <label key={type} className="flex items-center gap-2">
                    <RadioGroup.Item value={type} />
                    <Text size="small">{t(`messaging.bulk.audience.${type}`)}</Text>
                  </label>
                ))}
              </RadioGroup>
            </Field>
            {form.type === "list" && (
              <Field label={t("messaging.bulk.phones")} htmlFor="bulk-phones" hint={t("messaging.bulk.phonesHint")}>
                <Textarea
                  id="bulk-phones"
                  rows={5}
                  value={form.phones}
                  onChange={(e) => set({ phones: e.target.value })}
                  placeholder={"+380671234567\n050 111 22 33"}
                />
              </Field>
            )}
            {form.type === "customer_group" && (
              <Field
                label={t("messaging.bulk.group")}
                hint={groupList.data?.customer_groups.length ? undefined : t("messaging.bulk.noGroups")}
              >
                <SelectField
                  value={form.customer_group_id}
                  onChange={(v) => set({ customer_group_id: v })}
                  options={(groupList.data?.customer_groups ?? []).map((g) => ({ value: g.id, label: g.name }))}
                  placeholder={t("messaging.bulk.chooseGroup")}
                />
              </Field>
            )}
            {form.type === "orders" && (
              <div className="grid grid-cols-2 gap-3">
                <Field label={t("messaging.history.from")} htmlFor="bulk-from">
                  <Input
                    id="bulk-from"
                    size="small"
                    type="date"
                    value={form.from}
                    onChange={(e) => set({ from: e.target.value })}
                  />
                </Field>
                <Field label={t("messaging.history.to")} htmlFor="bulk-to">
                  <Input
                    id="bulk-to"
                    size="small"
                    type="date"
                    value={form.to}
                    onChange={(e) => set({ to: e.target.value })}
                  />
                </Field>
              </div>
            )}
            <Field label={t("messaging.templates.site")} hint={t("messaging.bulk.siteHint")}>
              <SelectField
                value={form.sales_channel_id}
                onChange={(v) => set({ sales_channel_id: v })}
                options={sites.options}
              />
            </Field>
          </div>
          <div className="flex min-w-0 flex-col gap-y-4">
            <Field label={t("messaging.send.channel")}>
              <SelectField
                value={form.channel}
                onChange={(v) => set({ channel: v })}
                options={DELIVERY_MODES.map((c) => ({ value: c, label: t(`messaging.channel.${c}`) }))}
              />
            </Field>
            <Field label={t("messaging.send.text")} htmlFor="bulk-body" hint={t("messaging.bulk.textHint")}>
              <Textarea id="bulk-body" rows={5} value={form.body} onChange={(e) => set({ body: e.target.value })} />
            </Field>
            <SmsCounter counter={counter.data} />
            <div className="grid grid-cols-2 gap-3">
              <Field label={t("messaging.bulk.rate")} htmlFor="bulk-rate" hint={t("messaging.bulk.rateHint")}>
                <Input
                  id="bulk-rate"
                  size="small"
                  type="number"
                  min={1}
                  max={100}
                  value={form.rate}
                  onChange={(e) => set({ rate: e.target.value })}
                />
              </Field>
              <Field label={t("messaging.bulk.startAt")} htmlFor="bulk-start" optional={t("messaging.common.optional")}>
                <Input
                  id="bulk-start"
                  size="small"
                  type="datetime-local"
                  value={form.start_at}
                  onChange={(e) => set({ start_at: e.target.value })}
                />
              </Field>
            </div>
          </div>
        </div>
        {error && (
          <Alert variant="error" className="mt-4" data-testid="bulk-error">
            {error}
          </Alert>
        )}
        {plan && (
          <Container className="bg-ui-bg-subtle mt-4 flex flex-col gap-y-1" data-testid="bulk-plan">
            <Text size="small" weight="plus">
              {t("messaging.bulk.planRecipients", { count: plan.recipients })}
            </Text>
            <Text size="small">
              {t("messaging.bulk.planDetails", {
                found: plan.found,
                invalid: plan.invalid + plan.missing_phone,
                duplicates: plan.duplicates,
                opted_out: plan.opted_out,
              })}
            </Text>
            <Text size="small">
              {t("messaging.bulk.planParts", { parts: plan.estimated_parts, per: plan.parts_per_message })}{" "}
              {plan.estimated_cost !== null
                ? t("messaging.bulk.planCost", { cost: formatMoney(plan.estimated_cost, plan.currency, i18n.language) })
                : t("messaging.bulk.planNoCost")}
            </Text>
            {plan.quiet_hours.enabled && (
              <Text size="small" className="text-ui-fg-subtle" data-testid="bulk-plan-quiet">
                {t(plan.quiet_hours.source === "marketing" ? "messaging.bulk.planNight" : "messaging.bulk.planQuiet", {
                  start: plan.quiet_hours.start,
                  end: plan.quiet_hours.end,
                  tz: plan.quiet_hours.time_zone,
                })}
              </Text>
            )}
            {plan.quiet_hours.waits_until && (
              <Text size="small" weight="plus" className="text-ui-fg-interactive" data-testid="bulk-plan-waits">
                {t("messaging.bulk.planWaits", {
                  tz: plan.quiet_hours.time_zone,
                  time: formatDateTime(plan.quiet_hours.waits_until, i18n.language),
                })}
              </Text>
            )}
            <Text size="xsmall" className="text-ui-fg-subtle whitespace-pre-wrap break-words">
              {plan.text}
            </Text>
          </Container>
        )}
        <div className="mt-4 flex justify-end gap-2">
          <Button
            size="small"
            variant="secondary"
            onClick={dryRun}
            isLoading={busy === "dry"}
            disabled={!form.body.trim() || !canCreate}
            data-testid="bulk-dry-run"
          >
            {t("messaging.bulk.dryRun")}
          </Button>
          <Button
            size="small"
            onClick={start}
            isLoading={busy === "start"}
            disabled={!plan || plan.recipients === 0 || !canCreate}
            data-testid="bulk-start"
          >
            {plan ? t("messaging.bulk.start", { count: plan.recipients }) : t("messaging.bulk.startAfterDryRun")}
          </Button>
        </div>
      </Section>
      <Section title={t("messaging.bulk.campaigns")} flush testId="campaigns-section">
        <DataTable
          rows={campaigns.data?.campaigns ?? []}
          columns={campaignColumns}
          isLoading={campaigns.isLoading}
          empty={<EmptyState title={t("messaging.bulk.empty")} description={t("messaging.bulk.emptyHint")} />}
          testId="campaigns-table"
        />
      </Section>
    </>
  )
}
