import { Button, Heading, Input, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import type { Counter } from "../../types/messaging"
import { apiSend, errorText } from "../lib/api"
import type { TemplateDraft } from "../lib/template-draft"
import { SmsCounter } from "./sms-counter"

interface Preview {
  text: string | null
  subject: string | null
  sent_text: string | null
  error: string | null
  source: "order" | "sample"
  counter: Counter | null
}

/** The preview of the (debounced) body: with sample data, or with the order whose id was entered. */
export function useTemplatePreview(form: TemplateDraft | null, body: string) {
  const [orderId, setOrderId] = useState("")
  const [previewOrder, setPreviewOrder] = useState("")
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
  return { preview, orderId, setOrderId, previewOrder, setPreviewOrder }
}

/** The preview panel: an order id field, the rendered text (or why it failed) and its SMS counter. */
export function TemplatePreview({
  state: { preview, orderId, setOrderId, previewOrder, setPreviewOrder },
  showCounter,
}: {
  state: ReturnType<typeof useTemplatePreview>
  showCounter: boolean
}) {
  const { t } = useTranslation()
  return (
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
      {showCounter && preview.data?.counter && <SmsCounter counter={preview.data.counter} />}
    </div>
  )
}
