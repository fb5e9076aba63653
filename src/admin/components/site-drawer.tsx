import { Input, Textarea, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useTranslation } from "react-i18next"
import { errorText, useApi, useApiMutation } from "../lib/api"
import { DELIVERY_MODES, LOCALES } from "../../modules/messaging/vocabulary"
import type { Sender, Site } from "../../types/messaging"
import { Field } from "./field"
import { FormDrawer } from "./form-drawer"
import { Toggle } from "./toggle"
import { SelectField } from "./select-field"
import { type SendingForm, SiteSendingSection, sendingBody, sendingFormFor } from "./site-sending-section"

type Form = Record<string, string | boolean>

function formFor(site: Site): Form {
  return {
    name: site.name,
    url: site.url ?? "",
    locale: site.locale,
    email_from: site.email_from ?? "",
    delivery_mode: site.delivery_mode,
    sms_sender: site.sms_sender ?? "",
    viber_sender: site.viber_sender ?? "",
    time_zone: site.time_zone,
    quiet_hours_enabled: site.quiet_hours_enabled,
    quiet_hours_start: site.quiet_hours_start,
    quiet_hours_end: site.quiet_hours_end,
    transliterate: site.transliterate,
    admin_phones: (site.admin_phones ?? []).join("\n"),
    default_region: site.default_region ?? "",
    omni_fallback_seconds: String(site.omni_fallback_seconds),
    transactional_ignores_opt_out: site.transactional_ignores_opt_out,
  }
}

/** Everything a site (sales channel) sends with: on/off and events, phone sources, keywords, senders, delivery mode, quiet hours, admin phones, macros' shop data. */
export function SiteDrawer({ site, title, onClose }: { site: Site | null; title: string; onClose: () => void }) {
  const { t } = useTranslation()
  const [form, setForm] = useState<Form>({})
  const [sending, setSending] = useState<SendingForm | null>(null)
  useEffect(() => {
    if (!site) return
    setForm(formFor(site))
    setSending(sendingFormFor(site))
  }, [site])
  const senders = useApi<{ senders: Sender[] }>("/senders")
  const save = useApiMutation(`/sites/${site?.id}`)
  const text = (key: string) => ({
    value: String(form[key] ?? ""),
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm((f) => ({ ...f, [key]: e.target.value })),
  })
  const toggle = (key: string) => ({
    checked: !!form[key],
    onChange: (v: boolean) => setForm((f) => ({ ...f, [key]: v })),
  })
  const names = (channel: string) => [
    ...new Set((senders.data?.senders ?? []).filter((s) => s.channel === channel).map((s) => s.name)),
  ]

  const submit = async () => {
    try {
      await save.mutateAsync({
        name: form.name,
        url: form.url || null,
        locale: form.locale,
        email_from: form.email_from || null,
        delivery_mode: form.delivery_mode,
        sms_sender: form.sms_sender || null,
        viber_sender: form.viber_sender || null,
        time_zone: form.time_zone,
        quiet_hours_enabled: !!form.quiet_hours_enabled,
        quiet_hours_start: form.quiet_hours_start,
        quiet_hours_end: form.quiet_hours_end,
        transliterate: !!form.transliterate,
        admin_phones: String(form.admin_phones ?? "")
          .split(/[\n,;]+/)
          .map((s) => s.trim())
          .filter(Boolean),
        default_region: form.default_region ? String(form.default_region).toUpperCase() : null,
        omni_fallback_seconds: Number(form.omni_fallback_seconds),
        transactional_ignores_opt_out: !!form.transactional_ignores_opt_out,
        ...(sending ? sendingBody(sending) : {}),
      })
      toast.success(t("messaging.common.saved"))
      onClose()
    } catch (e) {
      toast.error(errorText(e))
    }
  }

  return (
    <FormDrawer
      open={!!site}
      onClose={onClose}
      title={title}
      testId="site-drawer"
      save={{ onClick: submit, isLoading: save.isPending, testId: "site-save" }}
    >
      {sending && <SiteSendingSection value={sending} onChange={setSending} isGlobal={!site?.sales_channel_id} />}
      <Field label={t("messaging.sites.name")} htmlFor="site-name" hint={t("messaging.sites.nameHint")}>
        <Input id="site-name" size="small" {...text("name")} />
      </Field>
      <Field label={t("messaging.sites.url")} htmlFor="site-url" hint={t("messaging.sites.urlHint")}>
        <Input id="site-url" size="small" {...text("url")} placeholder="https://shop.example.com" />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field label={t("messaging.sites.locale")}>
          <SelectField
            value={String(form.locale ?? "en")}
            onChange={(v) => setForm((f) => ({ ...f, locale: v }))}
            options={LOCALES.map((l) => ({ value: l, label: t(`messaging.locale.${l}`) }))}
          />
        </Field>
        <Field label={t("messaging.sites.region")} htmlFor="site-region" hint={t("messaging.sites.regionHint")}>
          <Input id="site-region" size="small" maxLength={2} {...text("default_region")} placeholder="UA" />
        </Field>
      </div>
      <Field label={t("messaging.sites.emailFrom")} htmlFor="site-email" optional={t("messaging.common.optional")}>
        <Input id="site-email" size="small" type="email" {...text("email_from")} />
      </Field>
      <Field label={t("messaging.sites.deliveryMode")} hint={t("messaging.sites.deliveryModeHint")}>
        <SelectField
          value={String(form.delivery_mode ?? "sms")}
          onChange={(v) => setForm((f) => ({ ...f, delivery_mode: v }))}
          options={DELIVERY_MODES.map((c) => ({ value: c, label: t(`messaging.channel.${c}`) }))}
        />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field
          label={t("messaging.sites.smsSender")}
          htmlFor="site-sms-sender"
          hint={names("sms").length ? undefined : t("messaging.sites.senderHint")}
        >
          <Input id="site-sms-sender" size="small" list="site-sms-senders" {...text("sms_sender")} />
          <datalist id="site-sms-senders">
            {names("sms").map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </Field>
        <Field label={t("messaging.sites.viberSender")} htmlFor="site-viber-sender">
          <Input id="site-viber-sender" size="small" list="site-viber-senders" {...text("viber_sender")} />
          <datalist id="site-viber-senders">
            {names("viber").map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </Field>
      </div>
      {form.delivery_mode === "omni" && (
        <Field
          label={t("messaging.sites.omniFallback")}
          htmlFor="site-omni"
          hint={t("messaging.sites.omniFallbackHint")}
        >
          <Input id="site-omni" size="small" type="number" min={30} {...text("omni_fallback_seconds")} />
        </Field>
      )}
      <Field label={t("messaging.sites.timeZone")} htmlFor="site-tz">
        <Input id="site-tz" size="small" {...text("time_zone")} placeholder="Europe/Kyiv" />
      </Field>
      <div className="flex flex-col gap-y-2 rounded-lg border p-3">
        <Toggle
          {...toggle("quiet_hours_enabled")}
          label={t("messaging.sites.quietHours")}
          hint={t("messaging.sites.quietHoursHint")}
        />
        {form.quiet_hours_enabled && (
          <div className="grid grid-cols-2 gap-3">
            <Field label={t("messaging.sites.quietFrom")} htmlFor="quiet-from">
              <Input id="quiet-from" size="small" type="time" {...text("quiet_hours_start")} />
            </Field>
            <Field label={t("messaging.sites.quietTo")} htmlFor="quiet-to">
              <Input id="quiet-to" size="small" type="time" {...text("quiet_hours_end")} />
            </Field>
          </div>
        )}
      </div>
      <Toggle
        {...toggle("transliterate")}
        label={t("messaging.sites.transliterate")}
        hint={t("messaging.sites.transliterateHint")}
      />
      <Field
        label={t("messaging.sites.adminPhones")}
        htmlFor="site-admin-phones"
        hint={t("messaging.sites.adminPhonesHint")}
      >
        <Textarea
          id="site-admin-phones"
          rows={3}
          value={String(form.admin_phones ?? "")}
          onChange={(e) => setForm((f) => ({ ...f, admin_phones: e.target.value }))}
        />
      </Field>
      <Toggle
        {...toggle("transactional_ignores_opt_out")}
        label={t("messaging.sites.ignoreOptOut")}
        hint={t("messaging.sites.ignoreOptOutHint")}
      />
    </FormDrawer>
  )
}
