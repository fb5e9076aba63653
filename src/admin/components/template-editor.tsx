import { Alert, Badge, Button, FocusModal, Heading, Input, Switch, Text, Textarea, Tooltip } from "@medusajs/ui"
import { useEffect, useRef, useState } from "react"
import { useTranslation } from "react-i18next"
import { LOCALES, TEMPLATE_CHANNELS } from "../../modules/messaging/vocabulary"
import type { EventInfo, Macro } from "../../types/messaging"
import type { TemplateDraft } from "../lib/template-draft"
import { useDebounced } from "../lib/use-debounced"
import { useEventLabel } from "../lib/use-event-label"
import { useSiteOptions } from "../lib/use-sites"
import { useTemplateActions } from "../lib/use-template-actions"
import { useTemplateCheck } from "../lib/use-template-check"
import { Field } from "./field"
import { MacroList, insertAt, macroSnippet } from "./macro-list"
import { SelectField } from "./select-field"
import { SmsCounter } from "./sms-counter"
import { TemplatePreview, useTemplatePreview } from "./template-preview"

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
  const sites = useSiteOptions()
  const eventLabel = useEventLabel(events)
  const [form, setForm] = useState<TemplateDraft | null>(draft)
  const [serverError, setServerError] = useState<string | null>(null)
  const bodyRef = useRef<HTMLTextAreaElement>(null)
  useEffect(() => {
    setForm(draft)
    setServerError(null)
  }, [draft])

  const isNew = !form?.id
  const event = events.find((e) => e.event === form?.event_name)
  const body = useDebounced(form?.body ?? "", 300)
  const check = useTemplateCheck(form, body)
  const preview = useTemplatePreview(form, body)
  const actions = useTemplateActions({
    form,
    setForm,
    onError: setServerError,
    onDeleted: onClose,
    firstChannelId: sites.channels[0]?.id ?? null,
  })
  if (!form) return null
  const set = (patch: Partial<TemplateDraft>) => setForm((f) => (f ? { ...f, ...patch } : f))

  const insertMacro = (macro: Macro) => {
    const { value, cursor } = insertAt(bodyRef.current, form.body, macroSnippet(macro))
    set({ body: value })
    requestAnimationFrame(() => {
      bodyRef.current?.focus()
      bodyRef.current?.setSelectionRange(cursor, cursor)
    })
  }

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
                  onClick={actions.resetToDefault}
                  isLoading={actions.resetting}
                  data-testid="template-reset"
                >
                  {t("messaging.editor.reset")}
                </Button>
              )}
              {!isNew && !form.sales_channel_id && sites.channels.length > 0 && (
                <Button size="small" variant="secondary" onClick={actions.copyForSite}>
                  {t("messaging.editor.copyForSite")}
                </Button>
              )}
              {!isNew && !form.is_default && (
                <Button size="small" variant="transparent" onClick={actions.del}>
                  {t("messaging.common.delete")}
                </Button>
              )}
              <Button size="small" onClick={actions.save} isLoading={actions.saving} data-testid="template-save">
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
              <TemplatePreview state={preview} showCounter={isSmsLike} />
            </div>
            <MacroList macros={event?.macros ?? []} onInsert={insertMacro} />
          </div>
        </FocusModal.Body>
      </FocusModal.Content>
    </FocusModal>
  )
}
