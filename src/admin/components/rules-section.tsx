import { Badge, Button, Checkbox, Input, Switch, Text, Textarea } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useTranslation } from "react-i18next"
import { useConfirmDelete, useSave } from "../lib/use-save"
import { useApi } from "../lib/api"
import type { Draft, Rule, StaffProfile } from "../../types/messaging"
import { useSiteOptions } from "../lib/use-sites"
import { DataTable, createDataTableColumnHelper } from "./data-table"
import { RowActions } from "./row-actions"
import { EmptyState } from "./empty-state"
import { Field } from "./field"
import { FormDrawer } from "./form-drawer"
import { Section } from "./section"
import { SelectField } from "./select-field"

const col = createDataTableColumnHelper<Rule>()
const ENTITIES = ["none", "order", "customer", "fulfillment", "payment", "return", "product"]

const EMPTY: Draft<Rule> = {
  name: "",
  event_name: "",
  entity: "order",
  id_field: "id",
  phone_source: "#ORDER.SHIPPING_ADDRESS.PHONE#",
  customer_text: "",
  admin_text: "",
  sales_channel_id: null,
  critical: false,
  enabled: true,
  staff_profile_ids: [],
}

function RuleDrawer({ rule, open, onClose }: { rule: Rule | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation()
  const sites = useSiteOptions()
  const staff = useApi<{ profiles: StaffProfile[] }>("/staff")
  const [form, setForm] = useState<Draft<Rule>>(EMPTY)
  useEffect(() => setForm(rule ? { ...rule } : EMPTY), [rule, open])
  const { save: upsert, isPending } = useSave("/rules", rule?.id)
  const set = (patch: Partial<Rule>) => setForm((f) => ({ ...f, ...patch }))
  const prefix = form.entity.toUpperCase()
  const save = async () => {
    const body = { ...form, customer_text: form.customer_text || null, admin_text: form.admin_text || null }
    if (await upsert(body)) onClose()
  }
  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={rule ? t("messaging.rules.edit") : t("messaging.rules.add")}
      save={{ onClick: save, isLoading: isPending }}
    >
      <Field label={t("messaging.rules.name")} htmlFor="rule-name">
        <Input id="rule-name" size="small" value={form.name} onChange={(e) => set({ name: e.target.value })} />
      </Field>
      <Field label={t("messaging.rules.event")} htmlFor="rule-event" hint={t("messaging.rules.eventHint")}>
        <Input
          id="rule-event"
          size="small"
          value={form.event_name}
          onChange={(e) => set({ event_name: e.target.value })}
          placeholder="order.updated"
        />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field label={t("messaging.rules.entity")} hint={t("messaging.rules.entityHint")}>
          <SelectField
            value={form.entity}
            onChange={(v) => set({ entity: v })}
            options={ENTITIES.map((e) => ({ value: e, label: e }))}
          />
        </Field>
        <Field label={t("messaging.rules.idField")} htmlFor="rule-id-field">
          <Input
            id="rule-id-field"
            size="small"
            value={form.id_field}
            onChange={(e) => set({ id_field: e.target.value })}
          />
        </Field>
      </div>
      <Field label={t("messaging.rules.phone")} htmlFor="rule-phone" hint={t("messaging.rules.phoneHint")}>
        <Input
          id="rule-phone"
          size="small"
          value={form.phone_source}
          onChange={(e) => set({ phone_source: e.target.value })}
        />
      </Field>
      <Field
        label={t("messaging.rules.customerText")}
        htmlFor="rule-customer"
        hint={form.entity === "none" ? t("messaging.rules.textHintEvent") : t("messaging.rules.textHint", { prefix })}
      >
        <Textarea
          id="rule-customer"
          rows={3}
          value={form.customer_text ?? ""}
          onChange={(e) => set({ customer_text: e.target.value })}
        />
      </Field>
      <Field label={t("messaging.rules.adminText")} htmlFor="rule-admin" hint={t("messaging.rules.adminTextHint")}>
        <Textarea
          id="rule-admin"
          rows={3}
          value={form.admin_text ?? ""}
          onChange={(e) => set({ admin_text: e.target.value })}
        />
      </Field>
      {!!staff.data?.profiles.length && (
        <Field label={t("messaging.rules.staffProfiles")} hint={t("messaging.rules.staffProfilesHint")}>
          <div className="grid grid-cols-1 gap-1.5 sm:grid-cols-2">
            {staff.data.profiles.map((p) => {
              const ids = form.staff_profile_ids ?? []
              return (
                <label key={p.id} className="flex items-center gap-2">
                  <Checkbox
                    checked={ids.includes(p.id)}
                    onCheckedChange={(v) =>
                      set({ staff_profile_ids: v ? [...ids, p.id] : ids.filter((x) => x !== p.id) })
                    }
                  />
                  <Text size="small">{p.name}</Text>
                </label>
              )
            })}
          </div>
        </Field>
      )}
      <Field label={t("messaging.templates.site")}>
        <SelectField
          value={form.sales_channel_id ?? ""}
          onChange={(v) => set({ sales_channel_id: v || null })}
          options={sites.options}
        />
      </Field>
      <div className="flex gap-6">
        <label className="flex items-center gap-2">
          <Switch checked={form.enabled} onCheckedChange={(v) => set({ enabled: v })} />
          <Text size="small">{t("messaging.templates.enabled")}</Text>
        </label>
        <label className="flex items-center gap-2">
          <Switch checked={form.critical} onCheckedChange={(v) => set({ critical: v })} />
          <Text size="small">{t("messaging.templates.critical")}</Text>
        </label>
      </div>
    </FormDrawer>
  )
}

/** Custom rules: send on any event name, with the resolved entity's fields as macros. */
export function RulesSection() {
  const { t } = useTranslation()
  const { data, isLoading } = useApi<{ rules: Rule[] }>("/rules")
  const [editing, setEditing] = useState<Rule | null>(null)
  const [open, setOpen] = useState(false)
  const del = useConfirmDelete("/rules")
  const edit = (r: Rule | null) => {
    setEditing(r)
    setOpen(true)
  }
  const columns = [
    col.accessor("name", { header: t("messaging.rules.name") }),
    col.accessor("event_name", {
      header: t("messaging.rules.event"),
      cell: ({ getValue }) => <span className="font-mono">{getValue()}</span>,
    }),
    col.accessor("entity", { header: t("messaging.rules.entity") }),
    col.accessor("phone_source", {
      header: t("messaging.rules.phone"),
      cell: ({ getValue }) => <span className="font-mono">{getValue()}</span>,
    }),
    col.accessor("enabled", {
      header: t("messaging.templates.state"),
      cell: ({ getValue }) => (
        <Badge size="2xsmall" color={getValue() ? "green" : "grey"}>
          {getValue() ? t("messaging.common.on") : t("messaging.common.off")}
        </Badge>
      ),
    }),
    col.display({
      id: "actions",
      header: t("messaging.common.actions"),
      cell: ({ row: { original: r } }) => (
        <RowActions
          actions={[
            { label: t("messaging.common.edit"), onClick: () => edit(r) },
            { label: t("messaging.common.delete"), onClick: () => del(r) },
          ]}
        />
      ),
    }),
  ]
  return (
    <Section
      title={t("messaging.rules.title")}
      description={t("messaging.rules.description")}
      actions={
        <Button size="small" variant="secondary" onClick={() => edit(null)}>
          {t("messaging.rules.add")}
        </Button>
      }
      flush
    >
      <DataTable
        rows={data?.rules ?? []}
        columns={columns}
        isLoading={isLoading}
        empty={<EmptyState title={t("messaging.rules.empty")} description={t("messaging.rules.emptyHint")} />}
        testId="rules-table"
      />
      <RuleDrawer rule={editing} open={open} onClose={() => setOpen(false)} />
    </Section>
  )
}
