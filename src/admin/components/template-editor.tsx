import {
  Alert,
  Badge,
  Button,
  FocusModal,
  Heading,
  Input,
  Switch,
  Text,
  Textarea,
  Tooltip,
  toast,
  usePrompt,
} from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { useEffect, useRef, useState } from "react"
import { useTranslation } from "react-i18next"
import { apiSend, errorText, useApiMutation } from "../lib/api"
import { LOCALES, TEMPLATE_CHANNELS } from "../../modules/messaging/vocabulary"
import type { Counter, EventInfo, Template, Validation } from "../../types/messaging"
import { useDebounced } from "../lib/use-debounced"
import { useEventLabel } from "../lib/use-event-label"
import { useSiteOptions } from "../lib/use-sites"
import { Field } from "./field"
import { SelectField } from "./select-field"
import { SmsCounter } from "./sms-counter"

export interface TemplateDraft {
  id?: string
  code?: string
  event_name: string
  audience: string
  channel: string
  sales_channel_id: string | null
  locale: string
  subject: string | null
  body: string
  enabled: boolean
  critical: boolean
  is_default?: boolean
}

interface Preview {
  text: string | null
  subject: string | null
  sent_text: string | null
  error: string | null
  source: "order" | "sample"
  counter: Counter | null
}

/** Insert `text` at the textarea's cursor (or replace the selection) and keep the cursor after it. */
function insertAt(el: HTMLTextAreaElement | null, current: string, text: string): { value: string; cursor: number } {
  const start = el?.selectionStart ?? current.length
  const end = el?.selectionEnd ?? current.length
  return { value: current.slice(0, start) + text + current.slice(end), cursor: start + text.length }
}

/**
 * The template editor: macros of the event (click to insert), live validation with line
 * and column, the SMS counter, a preview with a real order or sample data, enable /
 * critical switches, reset to the BW_ default.
 */
export function TemplateEditor({
  draft,
  events,
  onClose,
}: {
  draft: TemplateDraft | null
  events: EventInfo[]
  onClose: () => void
}) {
  const { t } = useTranslation()
  const prompt = usePrompt()
  const sites = useSiteOptions()
  const eventLabel = useEventLabel(events)
  const [form, setForm] = useState<TemplateDraft | null>(draft)
  const [orderId, setOrderId] = useState("")
  const [previewOrder, setPreviewOrder] = useState("")
  const [serverError, setServerError] = useState<string | null>(null)
  const bodyRef = useRef<HTMLTextAreaElement>(null)
  useEffect(() => {
    setForm(draft)
    setServerError(null)
  }, [draft])

  const isNew = !form?.id
  const event = events.find((e) => e.event === form?.event_name)
  const macros = event?.macros ?? []
  const body = useDebounced(form?.body ?? "", 300)
  const check = useQuery({
    queryKey: ["messaging-validate", form?.event_name, form?.audience, form?.locale, body],
    queryFn: () =>
      apiSend<{ validation: Validation; counter: Counter }>("/templates/validate", {
        body,
        event_name: form!.event_name,
        audience: form!.audience,
        locale: form!.locale,
      }),
    enabled: !!form,
    placeholderData: (p) => p,
  })
  const preview = useQuery({
    queryKey: [
      "messaging-preview",
      form?.event_name,
      form?.audience,
      form?.locale,
      form?.sales_channel_id,
      form?.subject,
      body,
      previewOrder,
    ],
    queryFn: () =>
      apiSend<{ preview: Preview }>("/templates/preview", {
        body,
        subject: form!.subject || undefined,
        event_name: form!.event_name,
        audience: form!.audience,
        locale: form!.locale,
        ...(form!.sales_channel_id ? { sales_channel_id: form!.sales_channel_id } : {}),
        ...(previewOrder ? { order_id: previewOrder } : {}),
      }).then((r) => r.preview),
    enabled: !!form && !!body.trim(),
    retry: false,
    placeholderData: (p) => p,
  })

  const create = useApiMutation<Record<string, unknown>, { template: Template }>("/templates")
  const update = useApiMutation<Record<string, unknown>, { template: Template }>(`/templates/${form?.id}`)
  const reset = useApiMutation<Record<string, unknown>, { template: Template }>(`/templates/${form?.id}/reset`)
  const remove = useApiMutation<Record<string, unknown>>(`/templates/${form?.id}`, "DELETE")
  if (!form) return null
  const set = (patch: Partial<TemplateDraft>) => setForm((f) => (f ? { ...f, ...patch } : f))

  const insertMacro = (name: string, kind: string) => {
    const snippet =
      kind === "list" ? `{% for item in ${name} %}{{ item.quantity }}x {{ item.title }} {% endfor %}` : `#${name}#`
    const { value, cursor } = insertAt(bodyRef.current, form.body, snippet)
    set({ body: value })
    requestAnimationFrame(() => {
      bodyRef.current?.focus()
      bodyRef.current?.setSelectionRange(cursor, cursor)
    })
  }
  const save = async () => {
    setServerError(null)
    try {
      const result = isNew
        ? await create.mutateAsync({
            event_name: form.event_name,
            audience: form.audience,
            channel: form.channel,
            locale: form.locale,
            sales_channel_id: form.sales_channel_id,
            subject: form.subject || null,
            body: form.body,
            enabled: form.enabled,
            critical: form.critical,
          })
        : await update.mutateAsync({
            body: form.body,
            subject: form.subject || null,
            enabled: form.enabled,
            critical: form.critical,
          })
      setForm({ ...form, ...result.template })
      toast.success(t("messaging.common.saved"))
    } catch (e) {
      setServerError(errorText(e))
    }
  }
  const resetToDefault = async () => {
    const ok = await prompt({
      title: t("messaging.editor.resetConfirm"),
      description: t("messaging.editor.resetText"),
      confirmText: t("messaging.editor.reset"),
      cancelText: t("messaging.common.cancel"),
    })
    if (!ok) return
    try {
      const result = await reset.mutateAsync({})
      setForm({ ...form, ...result.template })
      toast.success(t("messaging.editor.resetDone"))
    } catch (e) {
      setServerError(errorText(e))
    }
  }
  const del = async () => {
    const ok = await prompt({
      title: t("messaging.common.confirmDelete", { name: form.code }),
      description: t("messaging.editor.deleteText"),
      confirmText: t("messaging.common.delete"),
      cancelText: t("messaging.common.cancel"),
    })
    if (!ok) return
    await remove.mutateAsync({}).then(onClose, (e) => setServerError(errorText(e)))
  }
  const copyForSite = () =>
    setForm({
      ...form,
      id: undefined,
      code: undefined,
      is_default: false,
      sales_channel_id: sites.channels[0]?.id ?? null,
    })

  const validation = check.data?.validation
  const isSmsLike = form.channel === "sms" || form.channel === "viber"

  return (
    <FocusModal open={!!draft} onOpenChange={(o) => !o && onClose()}>
      <FocusModal.Content data-testid="template-editor">
        <FocusModal.Header>
          <div className="flex w-full items-center justify-between gap-2">
            <div className="flex min-w-0 items-center gap-2">
              <Heading level="h2" className="truncate">
                {isNew ? t("messaging.editor.newTitle") : form.code}
              </Heading>
              {form.is_default && <Badge size="2xsmall">{t("messaging.templates.default")}</Badge>}
            </div>
            <div className="flex gap-2">
              {!isNew && form.code?.startsWith("BW_") && (
                <Button
                  size="small"
                  variant="secondary"
                  onClick={resetToDefault}
                  isLoading={reset.isPending}
                  data-testid="template-reset"
                >
                  {t("messaging.editor.reset")}
                </Button>
              )}
              {!isNew && !form.sales_channel_id && sites.channels.length > 0 && (
                <Button size="small" variant="secondary" onClick={copyForSite}>
                  {t("messaging.editor.copyForSite")}
                </Button>
              )}
              {!isNew && !form.is_default && (
                <Button size="small" variant="transparent" onClick={del}>
                  {t("messaging.common.delete")}
                </Button>
              )}
              <Button
                size="small"
                onClick={save}
                isLoading={create.isPending || update.isPending}
                data-testid="template-save"
              >
                {t("messaging.common.save")}
              </Button>
            </div>
          </div>
        </FocusModal.Header>
        <FocusModal.Body className="overflow-y-auto">
          <div className="mx-auto grid w-full max-w-6xl grid-cols-1 gap-6 p-6 lg:grid-cols-[minmax(0,1fr)_340px]">
            <div className="flex min-w-0 flex-col gap-y-4">
              <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
                <Field label={t("messaging.templates.event")}>
                  <SelectField
                    value={form.event_name}
                    disabled={!isNew}
                    onChange={(v) => set({ event_name: v })}
                    options={events.map((e) => ({ value: e.event, label: eventLabel(e.event) }))}
                  />
                </Field>
                <Field label={t("messaging.templates.audience")}>
                  <SelectField
                    value={form.audience}
                    disabled={!isNew}
                    onChange={(v) => set({ audience: v })}
                    options={(event?.audiences ?? ["customer"]).map((a) => ({
                      value: a,
                      label: t(`messaging.audience.${a}`),
                    }))}
                  />
                </Field>
                <Field label={t("messaging.templates.channel")}>
                  <SelectField
                    value={form.channel}
                    disabled={!isNew}
                    onChange={(v) => set({ channel: v })}
                    options={TEMPLATE_CHANNELS.map((c) => ({
                      value: c,
                      label: t(`messaging.channel.${c}`),
                    }))}
                  />
                </Field>
                <Field label={t("messaging.templates.site")}>
                  <SelectField
                    value={form.sales_channel_id ?? ""}
                    disabled={!isNew}
                    onChange={(v) => set({ sales_channel_id: v || null })}
                    options={sites.options}
                  />
                </Field>
                <Field label={t("messaging.templates.locale")}>
                  <SelectField
                    value={form.locale}
                    disabled={!isNew}
                    onChange={(v) => set({ locale: v })}
                    options={LOCALES.map((l) => ({ value: l, label: t(`messaging.locale.${l}`) }))}
                  />
                </Field>
              </div>
              {form.channel === "email" && (
                <Field label={t("messaging.editor.subject")} htmlFor="template-subject">
                  <Input
                    id="template-subject"
                    size="small"
                    value={form.subject ?? ""}
                    onChange={(e) => set({ subject: e.target.value })}
                  />
                </Field>
              )}
              <Field label={t("messaging.editor.text")} htmlFor="template-body" hint={t("messaging.editor.textHint")}>
                <Textarea
                  id="template-body"
                  ref={bodyRef}
                  rows={8}
                  className="font-mono"
                  value={form.body}
                  onChange={(e) => set({ body: e.target.value })}
                  aria-invalid={validation ? !validation.ok : undefined}
                  data-testid="template-body"
                />
              </Field>
              {isSmsLike && <SmsCounter counter={check.data?.counter} />}
              {validation && !validation.ok && (
                <ul className="flex flex-col gap-y-1" data-testid="template-errors">
                  {validation.errors.map((err, i) => (
                    <li key={i}>
                      <Text size="small" className="text-ui-fg-error">
                        {t("messaging.editor.errorAt", { line: err.line, column: err.column, message: err.message })}
                      </Text>
                    </li>
                  ))}
                </ul>
              )}
              {serverError && (
                <Alert variant="error" dismissible data-testid="template-server-error">
                  {serverError}
                </Alert>
              )}
              <div className="flex flex-wrap gap-6">
                <label className="flex items-center gap-2">
                  <Switch
                    checked={form.enabled}
                    onCheckedChange={(v) => set({ enabled: v })}
                    data-testid="template-enabled"
                  />
                  <Text size="small">{t("messaging.templates.enabled")}</Text>
                </label>
                <label className="flex items-center gap-2">
                  <Switch checked={form.critical} onCheckedChange={(v) => set({ critical: v })} />
                  <Text size="small">{t("messaging.templates.critical")}</Text>
                  <Tooltip content={t("messaging.templates.criticalHint")}>
                    <Text size="small" className="text-ui-fg-muted cursor-help">
                      (?)
                    </Text>
                  </Tooltip>
                </label>
              </div>
              <div className="flex flex-col gap-y-2 rounded-lg border p-4" data-testid="template-preview">
                <div className="flex flex-wrap items-end justify-between gap-2">
                  <Heading level="h3">{t("messaging.editor.preview")}</Heading>
                  <form
                    className="flex items-end gap-2"
                    onSubmit={(e) => {
                      e.preventDefault()
                      setPreviewOrder(orderId.trim())
                    }}
                  >
                    <Input
                      size="small"
                      placeholder={t("messaging.editor.orderIdPlaceholder")}
                      value={orderId}
                      onChange={(e) => setOrderId(e.target.value)}
                      data-testid="preview-order-id"
                    />
                    <Button size="small" variant="secondary" type="submit" data-testid="preview-button">
                      {t("messaging.editor.previewWithOrder")}
                    </Button>
                    {previewOrder && (
                      <Button
                        size="small"
                        variant="transparent"
                        type="button"
                        onClick={() => {
                          setOrderId("")
                          setPreviewOrder("")
                        }}
                      >
                        {t("messaging.editor.useSample")}
                      </Button>
                    )}
                  </form>
                </div>
                <Text size="xsmall" className="text-ui-fg-subtle">
                  {preview.data?.source === "order" && previewOrder
                    ? t("messaging.editor.previewOrder", { id: previewOrder })
                    : t("messaging.editor.previewSample")}
                </Text>
                {preview.error ? (
                  <Text size="small" className="text-ui-fg-error">
                    {errorText(preview.error)}
                  </Text>
                ) : preview.data?.error ? (
                  <Text size="small" className="text-ui-fg-error">
                    {preview.data.error}
                  </Text>
                ) : (
                  <div className="bg-ui-bg-subtle rounded-md border px-3 py-2">
                    {preview.data?.subject && (
                      <Text size="small" weight="plus">
                        {preview.data.subject}
                      </Text>
                    )}
                    <Text size="small" className="whitespace-pre-wrap break-words" data-testid="preview-text">
                      {preview.data?.sent_text ?? ""}
                    </Text>
                  </div>
                )}
                {isSmsLike && preview.data?.counter && <SmsCounter counter={preview.data.counter} />}
              </div>
            </div>
            <aside className="flex min-w-0 flex-col gap-y-2" data-testid="macro-list">
              <Heading level="h3">{t("messaging.editor.macros")}</Heading>
              <Text size="xsmall" className="text-ui-fg-subtle">
                {t("messaging.editor.macrosHint")}
              </Text>
              <div className="flex flex-col divide-y rounded-lg border">
                {macros.map((m) => (
                  <button
                    key={m.name}
                    type="button"
                    className="hover:bg-ui-bg-base-hover flex flex-col items-start gap-0.5 px-3 py-2 text-left"
                    onClick={() => insertMacro(m.name, m.kind)}
                    data-testid={`macro-${m.name}`}
                  >
                    <Text size="xsmall" weight="plus" className="font-mono">
                      {m.kind === "list" ? m.name : `#${m.name}#`}
                    </Text>
                    <Text size="xsmall" className="text-ui-fg-subtle">
                      {m.description}
                    </Text>
                    <Text size="xsmall" className="text-ui-fg-muted truncate max-w-full">
                      {t("messaging.editor.example", { example: m.example })}
                    </Text>
                  </button>
                ))}
              </div>
            </aside>
          </div>
        </FocusModal.Body>
      </FocusModal.Content>
    </FocusModal>
  )
}

/** A new template draft for an event (its first audience, SMS, all sites, English). */
export function newDraft(event: EventInfo | undefined, overrides: Partial<TemplateDraft> = {}): TemplateDraft {
  return {
    event_name: event?.event ?? "manual",
    audience: event?.audiences[0] ?? "customer",
    channel: "sms",
    sales_channel_id: null,
    locale: "en",
    subject: null,
    body: "",
    enabled: true,
    critical: event?.critical ?? false,
    ...overrides,
  }
}
