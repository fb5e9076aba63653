import { Button, Input, Table, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { EmptyState } from "../components/empty-state"
import { Section } from "../components/section"
import { SelectField } from "../components/select-field"
import { errorText, useApi, useApiMutation } from "../lib/api"
import { formatDateTime } from "../lib/format"
import type { OptOut } from "../../types/messaging"
import { useDebounced } from "../lib/use-debounced"

const CHANNELS = ["all", "sms", "viber", "omni"]

/** Numbers that asked not to get messages (by reply keyword, provider report or an admin). */
export function OptOutsTab() {
  const { t, i18n } = useTranslation()
  const [q, setQ] = useState("")
  const [form, setForm] = useState({ phone: "", channel: "all", note: "" })
  const query = useDebounced(q, 300)
  const { data } = useApi<{ opt_outs: OptOut[]; count: number }>("/opt-outs", { q: query, limit: 100 })
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
  const rows = data?.opt_outs ?? []
  return (
    <Section title={t("messaging.optOuts.title")} description={t("messaging.optOuts.description")} flush testId="opt-outs-section">
      <form className="grid grid-cols-1 gap-3 px-6 py-4 md:grid-cols-[1fr_160px_1fr_auto]" onSubmit={submit}>
        <Input size="small" placeholder={t("messaging.optOuts.phone")} value={form.phone} onChange={(e) => setForm((f) => ({ ...f, phone: e.target.value }))} />
        <SelectField value={form.channel} onChange={(v) => setForm((f) => ({ ...f, channel: v }))} options={CHANNELS.map((c) => ({ value: c, label: c === "all" ? t("messaging.optOuts.allChannels") : t(`messaging.channel.${c}`) }))} />
        <Input size="small" placeholder={t("messaging.optOuts.note")} value={form.note} onChange={(e) => setForm((f) => ({ ...f, note: e.target.value }))} />
        <Button size="small" type="submit" isLoading={add.isPending} disabled={!form.phone.trim()}>
          {t("messaging.optOuts.add")}
        </Button>
      </form>
      <div className="px-6 pb-4">
        <Input size="small" type="search" placeholder={t("messaging.optOuts.search")} value={q} onChange={(e) => setQ(e.target.value)} className="max-w-xs" />
      </div>
      {rows.length === 0 ? (
        <EmptyState title={query ? t("messaging.optOuts.noMatch") : t("messaging.optOuts.empty")} description={query ? undefined : t("messaging.optOuts.emptyHint")} />
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>{t("messaging.optOuts.phone")}</Table.HeaderCell>
                <Table.HeaderCell>{t("messaging.templates.channel")}</Table.HeaderCell>
                <Table.HeaderCell>{t("messaging.optOuts.source")}</Table.HeaderCell>
                <Table.HeaderCell>{t("messaging.optOuts.note")}</Table.HeaderCell>
                <Table.HeaderCell>{t("messaging.history.date")}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t("messaging.common.actions")}</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((o) => (
                <Table.Row key={o.id}>
                  <Table.Cell className="font-mono">{o.phone}</Table.Cell>
                  <Table.Cell>{o.channel === "all" ? t("messaging.optOuts.allChannels") : t(`messaging.channel.${o.channel}`, { defaultValue: o.channel })}</Table.Cell>
                  <Table.Cell>{t(`messaging.optOuts.sources.${o.source}`, { defaultValue: o.source })}</Table.Cell>
                  <Table.Cell className="max-w-[240px]">
                    <Text size="small" className="truncate">
                      {o.note ?? "—"}
                    </Text>
                  </Table.Cell>
                  <Table.Cell className="whitespace-nowrap">{formatDateTime(o.created_at, i18n.language)}</Table.Cell>
                  <Table.Cell>
                    <div className="flex justify-end">
                      <Button size="small" variant="transparent" onClick={() => remove.mutateAsync({ id: o.id }).catch((e) => toast.error(errorText(e)))}>
                        {t("messaging.optOuts.remove")}
                      </Button>
                    </div>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
    </Section>
  )
}
