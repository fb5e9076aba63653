import { Button, Input, Switch, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useTranslation } from "react-i18next"
import type { Collector } from "../../types/intake"
import { errorText, useApiMutation } from "../lib/api"
import { Field } from "./field"
import { FormDrawer } from "./form-drawer"
import { SelectField } from "./select-field"

type Form = Record<string, string | boolean>

const EMPTY: Form = {
  name: "",
  type: "http",
  enabled: true,
  sales_channel_id: "",
  assignee_user_id: "",
  assignee_group: "",
  auth: "bearer",
  host: "",
  port: "993",
  tls: true,
  user: "",
  mailbox: "INBOX",
  keyword: "ORDER",
  delete_after_days: "",
  alert_email: "",
  secret: "",
  password: "",
}

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24))
  return btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, "")
}

function fromCollector(c: Collector | null): Form {
  if (!c) return { ...EMPTY }
  const cfg = (c.config ?? {}) as Record<string, unknown>
  const s = (v: unknown) => (v === null || v === undefined ? "" : String(v))
  return {
    ...EMPTY,
    name: c.name,
    type: c.type,
    enabled: c.enabled,
    sales_channel_id: s(c.sales_channel_id),
    assignee_user_id: s(c.assignee_user_id),
    assignee_group: s(c.assignee_group),
    auth: s(cfg.auth) || "bearer",
    host: s(cfg.host),
    port: s(cfg.port) || "993",
    tls: cfg.tls !== false,
    user: s(cfg.user),
    mailbox: s(cfg.mailbox) || "INBOX",
    keyword: s(cfg.keyword) || "ORDER",
    delete_after_days: s(cfg.delete_after_days),
    alert_email: s(cfg.alert_email),
  }
}

function toBody(f: Form, isNew: boolean) {
  const text = (k: string) => (String(f[k]).trim() ? String(f[k]).trim() : null)
  const config =
    f.type === "http"
      ? { auth: f.auth }
      : {
          host: text("host"),
          port: Number(f.port),
          tls: f.tls,
          user: text("user"),
          mailbox: text("mailbox") ?? "INBOX",
          keyword: text("keyword") ?? "ORDER",
          delete_after_days: text("delete_after_days") ? Number(f.delete_after_days) : null,
          alert_email: text("alert_email"),
        }
  const secrets = f.type === "http" ? { secret: String(f.secret) } : { password: String(f.password) }
  return {
    name: String(f.name).trim(),
    ...(isNew ? { type: f.type } : {}),
    enabled: f.enabled,
    sales_channel_id: text("sales_channel_id"),
    assignee_user_id: text("assignee_user_id"),
    assignee_group: text("assignee_group"),
    config,
    secrets,
  }
}

/** Add or edit a collector. Stored secrets are never shown: an empty field keeps them. */
export function CollectorDrawer({
  collector,
  open,
  onClose,
}: {
  collector: Collector | null
  open: boolean
  onClose: () => void
}) {
  const { t } = useTranslation()
  const isNew = !collector
  const [form, setForm] = useState<Form>(fromCollector(collector))
  useEffect(() => setForm(fromCollector(collector)), [collector, open])
  const save = useApiMutation(isNew ? "/intake/collectors" : `/intake/collectors/${collector?.id}`)
  const set = (k: string) => (v: string | boolean) => setForm((f) => ({ ...f, [k]: v }))
  const input = (k: string, label: string, opts: { type?: string; hint?: string } = {}) => (
    <Field label={label} htmlFor={`collector-${k}`} hint={opts.hint}>
      <Input
        id={`collector-${k}`}
        size="small"
        type={opts.type ?? "text"}
        value={String(form[k])}
        onChange={(e) => set(k)(e.target.value)}
      />
    </Field>
  )
  const submit = async () => {
    try {
      await save.mutateAsync(toBody(form, isNew))
      toast.success(t("messaging.common.saved"))
      onClose()
    } catch (e) {
      toast.error(errorText(e))
    }
  }
  const stored = collector?.secrets ?? {}
  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={isNew ? t("messaging.intake.addCollector") : t("messaging.intake.editCollector")}
      testId="collector-drawer"
      save={{
        onClick: submit,
        isLoading: save.isPending,
        disabled: !String(form.name).trim(),
        testId: "collector-save",
      }}
    >
      <div className="flex flex-col gap-y-4">
        {input("name", t("messaging.intake.name"))}
        <Field label={t("messaging.intake.type")}>
          <SelectField
            value={String(form.type)}
            onChange={set("type")}
            disabled={!isNew}
            testId="collector-type"
            options={[
              { value: "http", label: t("messaging.intake.types.http") },
              { value: "mailbox", label: t("messaging.intake.types.mailbox") },
            ]}
          />
        </Field>
        <div className="flex items-center gap-x-2">
          <Switch id="collector-enabled" checked={!!form.enabled} onCheckedChange={set("enabled")} />
          <label htmlFor="collector-enabled" className="text-ui-fg-base txt-small">
            {t("messaging.intake.enabled")}
          </label>
        </div>
        {input("sales_channel_id", t("messaging.intake.salesChannel"), { hint: "sc_…" })}
        {input("assignee_user_id", t("messaging.intake.assigneeUser"), { hint: "user_…" })}
        {input("assignee_group", t("messaging.intake.assigneeGroup"))}
        {form.type === "http" ? (
          <>
            <Field label={t("messaging.intake.auth")}>
              <SelectField
                value={String(form.auth)}
                onChange={set("auth")}
                options={[
                  { value: "bearer", label: "Authorization: Bearer" },
                  { value: "hmac", label: "X-Intake-Signature (HMAC-SHA256)" },
                ]}
              />
            </Field>
            <Field
              label={t("messaging.intake.secret")}
              hint={stored.secret ? t("messaging.intake.secretKept") : undefined}
            >
              <div className="flex gap-x-2">
                <Input
                  size="small"
                  type="text"
                  autoComplete="off"
                  value={String(form.secret)}
                  placeholder={stored.secret ?? ""}
                  onChange={(e) => set("secret")(e.target.value)}
                />
                <Button size="small" variant="secondary" type="button" onClick={() => set("secret")(randomSecret())}>
                  {t("messaging.intake.generate")}
                </Button>
              </div>
            </Field>
          </>
        ) : (
          <>
            {input("host", t("messaging.intake.host"))}
            {input("port", t("messaging.intake.port"), { type: "number" })}
            <div className="flex items-center gap-x-2">
              <Switch id="collector-tls" checked={!!form.tls} onCheckedChange={set("tls")} />
              <label htmlFor="collector-tls" className="text-ui-fg-base txt-small">
                TLS
              </label>
            </div>
            {input("user", t("messaging.intake.user"))}
            <Field
              label={t("messaging.intake.password")}
              hint={stored.password ? t("messaging.intake.secretKept") : undefined}
            >
              <Input
                size="small"
                type="password"
                autoComplete="new-password"
                value={String(form.password)}
                placeholder={stored.password ?? ""}
                onChange={(e) => set("password")(e.target.value)}
              />
            </Field>
            {input("mailbox", t("messaging.intake.folder"))}
            {input("keyword", t("messaging.intake.keyword"), { hint: "ORDER: 123" })}
            {input("delete_after_days", t("messaging.intake.deleteAfter"), { type: "number" })}
            {input("alert_email", t("messaging.intake.alertEmail"), { type: "email" })}
          </>
        )}
      </div>
    </FormDrawer>
  )
}
