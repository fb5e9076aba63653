import { Checkbox, Input, InlineTip, Switch, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useTranslation } from "react-i18next"
import type { ProviderField, ProviderTypeInfo } from "../../modules/messaging/providers/fields"
import { useApi } from "../lib/api"
import { useSave } from "../lib/use-save"
import type { Account } from "../../types/messaging"
import { Field } from "./field"
import { FormDrawer } from "./form-drawer"
import { SelectField } from "./select-field"

interface Form {
  name: string
  type: string
  priority: string
  enabled: boolean
  channels: string[]
  base_url: string
  credentials: Record<string, string>
  config: Record<string, string | boolean>
}

function formFor(account: Account | null, types: ProviderTypeInfo[]): Form {
  if (!account)
    return {
      name: "",
      type: types[0]?.type ?? "bsg",
      priority: "100",
      enabled: true,
      channels: [],
      base_url: "",
      credentials: {},
      config: {},
    }
  const config: Record<string, string | boolean> = {}
  for (const [k, v] of Object.entries(account.config ?? {}))
    config[k] = typeof v === "boolean" ? v : v === null || v === undefined ? "" : String(v)
  return {
    name: account.name,
    type: account.type,
    priority: String(account.priority),
    enabled: account.enabled,
    channels: account.channels ?? [],
    base_url: account.base_url ?? "",
    credentials: {},
    config,
  }
}

const NO_TYPES: ProviderTypeInfo[] = []

/**
 * Add or edit a provider account. The fields of each type come from the provider
 * classes (GET /admin/messaging/provider-types). Secrets are never shown: the field
 * shows the masked value as a placeholder and is only sent when the admin types a new one.
 */
export function AccountDrawer({
  open,
  account,
  onClose,
}: {
  open: boolean
  account: Account | null
  onClose: () => void
}) {
  const { t } = useTranslation()
  const types =
    useApi<{ provider_types: ProviderTypeInfo[] }>("/provider-types", undefined, { staleTime: Infinity }).data
      ?.provider_types ?? NO_TYPES
  const [form, setForm] = useState<Form>(() => formFor(account, types))
  useEffect(() => setForm(formFor(account, types)), [account, types, open])
  const { save: upsert, isPending } = useSave("/accounts", account?.id)
  const type = types.find((x) => x.type === form.type)
  const credentialFields = type?.fields.filter((f) => f.group === "credentials") ?? []
  const configFields = type?.fields.filter((f) => f.group === "config") ?? []
  const label = (f: ProviderField) => t(f.label, { defaultValue: f.name })
  const fromOptions = account?.source === "options"
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }))

  const save = async () => {
    const config: Record<string, unknown> = {}
    for (const field of configFields) {
      const v = form.config[field.name]
      if (v === undefined || v === "") continue
      config[field.name] = field.kind === "number" ? Number(v) : v
    }
    const credentials = Object.fromEntries(Object.entries(form.credentials).filter(([, v]) => v !== ""))
    const body: Record<string, unknown> = {
      name: form.name,
      priority: Number(form.priority),
      enabled: form.enabled,
      channels: form.channels,
    }
    if (!fromOptions) {
      body.base_url = form.base_url || null
      body.config = config
      if (!account || Object.keys(credentials).length) body.credentials = credentials
    }
    if (await upsert(body, { type: form.type })) onClose()
  }

  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={account ? t("messaging.accounts.edit") : t("messaging.accounts.add")}
      testId="account-drawer"
      save={{ onClick: save, isLoading: isPending, disabled: !form.name.trim(), testId: "account-save" }}
    >
      {fromOptions && (
        <InlineTip label={t("messaging.accounts.fromOptionsLabel")}>{t("messaging.accounts.fromOptions")}</InlineTip>
      )}
      <Field label={t("messaging.accounts.name")} htmlFor="account-name">
        <Input id="account-name" size="small" value={form.name} onChange={(e) => set({ name: e.target.value })} />
      </Field>
      <Field label={t("messaging.accounts.type")}>
        <SelectField
          value={form.type}
          disabled={!!account}
          onChange={(v) => set({ type: v, credentials: {}, config: {}, channels: [] })}
          testId="account-type"
          options={types.map((x) => ({ value: x.type, label: x.label }))}
        />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field
          label={t("messaging.accounts.priority")}
          htmlFor="account-priority"
          hint={t("messaging.accounts.priorityHint")}
        >
          <Input
            id="account-priority"
            size="small"
            type="number"
            min={0}
            value={form.priority}
            onChange={(e) => set({ priority: e.target.value })}
          />
        </Field>
        <Field label={t("messaging.accounts.enabled")}>
          <div className="flex h-8 items-center">
            <Switch checked={form.enabled} onCheckedChange={(v) => set({ enabled: v })} />
          </div>
        </Field>
      </div>
      {type && type.channels.length > 1 && (
        <Field label={t("messaging.accounts.channels")} hint={t("messaging.accounts.channelsHint")}>
          <div className="flex flex-wrap gap-3">
            {type.channels.map((c) => (
              <label key={c} className="flex items-center gap-1.5">
                <Checkbox
                  checked={form.channels.includes(c)}
                  onCheckedChange={(v) =>
                    set({ channels: v ? [...form.channels, c] : form.channels.filter((x) => x !== c) })
                  }
                />
                <Text size="small">{t(`messaging.channel.${c}`)}</Text>
              </label>
            ))}
          </div>
        </Field>
      )}
      {credentialFields.length > 0 && (
        <div className="flex flex-col gap-y-3">
          <Text size="small" weight="plus">
            {t("messaging.accounts.credentials")}
          </Text>
          {credentialFields.map((c) => (
            <Field
              key={c.name}
              label={label(c)}
              htmlFor={`cred-${c.name}`}
              optional={c.required ? undefined : t("messaging.common.optional")}
              hint={
                account?.credentials[c.name]
                  ? t("messaging.accounts.keepSecret", { masked: account.credentials[c.name] })
                  : undefined
              }
            >
              <Input
                id={`cred-${c.name}`}
                size="small"
                type={c.kind === "secret" ? "password" : "text"}
                autoComplete="off"
                disabled={fromOptions}
                placeholder={account?.credentials[c.name] ?? ""}
                value={form.credentials[c.name] ?? ""}
                onChange={(e) => set({ credentials: { ...form.credentials, [c.name]: e.target.value } })}
              />
            </Field>
          ))}
        </div>
      )}
      {type && configFields.length > 0 && (
        <div className="flex flex-col gap-y-3">
          <Text size="small" weight="plus">
            {t("messaging.accounts.settings")}
          </Text>
          {configFields.map((c) =>
            c.kind === "boolean" ? (
              <label key={c.name} className="flex items-center gap-2">
                <Switch
                  disabled={fromOptions}
                  checked={!!form.config[c.name]}
                  onCheckedChange={(v) => set({ config: { ...form.config, [c.name]: v } })}
                />
                <Text size="small">{label(c)}</Text>
              </label>
            ) : (
              <Field
                key={c.name}
                label={label(c)}
                htmlFor={`cfg-${c.name}`}
                optional={c.required ? undefined : t("messaging.common.optional")}
              >
                <Input
                  id={`cfg-${c.name}`}
                  size="small"
                  type={c.kind === "number" ? "number" : "text"}
                  disabled={fromOptions}
                  value={String(form.config[c.name] ?? "")}
                  onChange={(e) => set({ config: { ...form.config, [c.name]: e.target.value } })}
                />
              </Field>
            )
          )}
          <Field
            label="base_url"
            htmlFor="account-base-url"
            optional={t("messaging.common.optional")}
            hint={t("messaging.accounts.baseUrlHint")}
          >
            <Input
              id="account-base-url"
              size="small"
              disabled={fromOptions}
              value={form.base_url}
              onChange={(e) => set({ base_url: e.target.value })}
            />
          </Field>
        </div>
      )}
      {type?.inbound && (
        <div className="flex flex-col gap-y-1 rounded-lg border p-3" data-testid="account-inbound">
          <Text size="small" weight="plus">
            {t("messaging.accounts.inboundLabel")}
          </Text>
          <Text size="xsmall" className="text-ui-fg-subtle">
            {t(`messaging.accounts.inbound.${type.inbound}`)}
          </Text>
        </div>
      )}
    </FormDrawer>
  )
}
