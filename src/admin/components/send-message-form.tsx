import { Button, Input, Switch, Text, Textarea, toast } from "@medusajs/ui"
import { useEffect, useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { errorText, useApi, useApiMutation } from "../lib/api"
import type { Message, Template } from "../../types/messaging"
import { Field } from "./field"
import { SelectField } from "./select-field"
import { SmsCounter, useTextCounter } from "./sms-counter"
import { DELIVERY_MODES } from "../../modules/messaging/vocabulary"

export interface PhoneOption {
  source: string
  phone: string
  valid: boolean
}

/**
 * "Send SMS" from an order or customer page: recipient (prefilled, editable), channel,
 * a template or free text with macros, the live counter. The server renders the
 * macros with the order's/customer's data.
 */
export function SendMessageForm({
  orderId,
  customerId,
  phones,
  salesChannelId,
}: {
  orderId?: string
  customerId?: string
  phones: PhoneOption[]
  salesChannelId?: string | null
}) {
  const { t } = useTranslation()
  const [to, setTo] = useState(phones.find((p) => p.valid)?.phone ?? phones[0]?.phone ?? "")
  const [channel, setChannel] = useState("sms")
  const [templateId, setTemplateId] = useState("")
  const [body, setBody] = useState("")
  const [critical, setCritical] = useState(false)
  useEffect(() => {
    if (!to && phones[0]) setTo(phones.find((p) => p.valid)?.phone ?? phones[0].phone)
  }, [phones, to])

  const templates = useApi<{ templates: Template[] }>("/templates", {
    event_name: "manual",
    audience: "customer",
    enabled: true,
    limit: 100,
  })
  const usable = useMemo(
    () =>
      (templates.data?.templates ?? []).filter(
        (tpl) => tpl.channel === "sms" && (!tpl.sales_channel_id || tpl.sales_channel_id === salesChannelId)
      ),
    [templates.data, salesChannelId]
  )
  const chosen = usable.find((tpl) => tpl.id === templateId)
  const text = chosen ? chosen.body : body
  const counter = useTextCounter(text)
  const send = useApiMutation<Record<string, unknown>, { message: Message | null; skipped: { reason: string }[] }>(
    "/send"
  )

  const submit = async () => {
    try {
      const result = await send.mutateAsync({
        channel,
        to,
        ...(chosen ? { template_id: chosen.id } : { body }),
        ...(orderId ? { order_id: orderId } : {}),
        ...(customerId ? { customer_id: customerId } : {}),
        ...(critical ? { critical: true } : {}),
      })
      if (result.message?.status === "skipped")
        toast.warning(t("messaging.send.skipped", { reason: result.skipped[0]?.reason ?? "" }))
      else if (result.message?.status === "deferred") toast.info(t("messaging.send.deferred"))
      else toast.success(t("messaging.send.queued"))
      setBody("")
      setTemplateId("")
    } catch (e) {
      toast.error(errorText(e))
    }
  }

  return (
    <div className="flex flex-col gap-y-3" data-testid="send-message-form">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-[1fr_auto]">
        <Field label={t("messaging.send.to")} htmlFor="messaging-send-to">
          <Input
            id="messaging-send-to"
            size="small"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            list="messaging-send-phones"
            placeholder="+380…"
          />
          <datalist id="messaging-send-phones">
            {phones.map((p) => (
              <option key={p.phone} value={p.phone}>
                {t(`messaging.send.phoneSource.${p.source}`, { defaultValue: p.source })}
              </option>
            ))}
          </datalist>
        </Field>
        <Field label={t("messaging.send.channel")}>
          <SelectField
            value={channel}
            onChange={setChannel}
            testId="send-channel"
            options={DELIVERY_MODES.map((c) => ({ value: c, label: t(`messaging.channel.${c}`) }))}
          />
        </Field>
      </div>
      {phones.length > 1 && (
        <div className="flex flex-wrap gap-1">
          {phones.map((p) => (
            <Button
              key={p.phone}
              size="small"
              variant={p.phone === to ? "primary" : "transparent"}
              onClick={() => setTo(p.phone)}
              type="button"
            >
              {p.phone} · {t(`messaging.send.phoneSource.${p.source}`, { defaultValue: p.source })}
            </Button>
          ))}
        </div>
      )}
      <Field label={t("messaging.send.template")}>
        <SelectField
          value={templateId}
          onChange={setTemplateId}
          testId="send-template"
          options={[
            { value: "", label: t("messaging.send.freeText") },
            ...usable.map((tpl) => ({ value: tpl.id, label: `${tpl.code} (${tpl.locale})` })),
          ]}
        />
      </Field>
      <Field label={t("messaging.send.text")} htmlFor="messaging-send-body" hint={t("messaging.send.textHint")}>
        <Textarea
          id="messaging-send-body"
          rows={4}
          value={text}
          disabled={!!chosen}
          onChange={(e) => setBody(e.target.value)}
          placeholder={t("messaging.send.placeholder")}
        />
      </Field>
      <SmsCounter counter={counter.data} />
      <div className="flex items-center justify-between gap-3">
        <label className="flex items-center gap-2">
          <Switch checked={critical} onCheckedChange={setCritical} />
          <Text size="small">{t("messaging.send.ignoreQuietHours")}</Text>
        </label>
        <Button
          size="small"
          onClick={submit}
          isLoading={send.isPending}
          disabled={!to.trim() || !text.trim()}
          data-testid="send-submit"
        >
          {t("messaging.send.submit")}
        </Button>
      </div>
    </div>
  )
}
