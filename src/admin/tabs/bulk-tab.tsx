import { Alert, Button, Input, RadioGroup, Text, Textarea, toast } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { DELIVERY_MODES } from "../../modules/messaging/vocabulary"
import type { CampaignPlan as Plan } from "../../types/messaging"
import { CampaignList, useCampaigns } from "../components/campaign-list"
import { CampaignPlan } from "../components/campaign-plan"
import { Field } from "../components/field"
import { Section } from "../components/section"
import { SelectField } from "../components/select-field"
import { SmsCounter, useTextCounter } from "../components/sms-counter"
import { apiSend, errorText } from "../lib/api"
import { sdk } from "../lib/sdk"
import { useSiteOptions } from "../lib/use-sites"

/** Bulk sending: recipients, text, a dry run (count, parts, cost), then the run with progress, pause and cancel. */
export function BulkTab() {
  const { t, i18n } = useTranslation()
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
  const [plan, setPlan] = useState<Plan | null>(null)
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
  const campaigns = useCampaigns()
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
      setPlan((await apiSend<{ plan: Plan }>("/campaigns/dry-run", payload())).plan)
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
        {plan && <CampaignPlan plan={plan} />}
        <div className="mt-4 flex justify-end gap-2">
          <Button
            size="small"
            variant="secondary"
            onClick={dryRun}
            isLoading={busy === "dry"}
            disabled={!form.body.trim()}
            data-testid="bulk-dry-run"
          >
            {t("messaging.bulk.dryRun")}
          </Button>
          <Button
            size="small"
            onClick={start}
            isLoading={busy === "start"}
            disabled={!plan || plan.recipients === 0}
            data-testid="bulk-start"
          >
            {plan ? t("messaging.bulk.start", { count: plan.recipients }) : t("messaging.bulk.startAfterDryRun")}
          </Button>
        </div>
      </Section>
      <CampaignList campaigns={campaigns} />
    </>
  )
}
