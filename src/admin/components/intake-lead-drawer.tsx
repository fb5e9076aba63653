import { Badge, Button, Input, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import type { Lead } from "../../types/intake"
import { errorText, useApi, useApiMutation } from "../lib/api"
import { formatDateTime } from "../lib/format"
import { Field } from "./field"
import { FormDrawer } from "./form-drawer"

function Row({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[140px_1fr] gap-x-3 py-1">
      <Text size="small" className="text-ui-fg-subtle">
        {label}
      </Text>
      <Text size="small" className="break-words">
        {value ?? "—"}
      </Text>
    </div>
  )
}

/** A lead: what was read, what could not be, the raw payload, the draft order; convert, reject, assign. */
export function LeadDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation()
  const { data } = useApi<{ lead: Lead }>(id ? `/intake/leads/${id}` : null)
  const [assignee, setAssignee] = useState("")
  const [reason, setReason] = useState("")
  const update = useApiMutation(`/intake/leads/${id}`)
  const convert = useApiMutation(`/intake/leads/${id}/convert`)
  const reject = useApiMutation(`/intake/leads/${id}/reject`)
  const lead = data?.lead
  const final = lead?.status === "converted" || lead?.status === "rejected"
  const run = (p: Promise<unknown>) =>
    p.then(() => toast.success(t("messaging.common.saved"))).catch((e) => toast.error(errorText(e)))
  const f = lead?.fields
  return (
    <FormDrawer
      open={!!id}
      onClose={onClose}
      title={lead?.subject || lead?.contact_person || t("messaging.intake.lead")}
      testId="lead-drawer"
    >
      {lead && (
        <div className="flex flex-col gap-y-4">
          <div className="flex flex-wrap gap-2">
            <Badge size="2xsmall" data-testid="lead-status">
              {t(`messaging.intake.statuses.${lead.status}`)}
            </Badge>
            <Badge size="2xsmall">{t(`messaging.intake.types.${lead.source}`)}</Badge>
            {lead.encoding && <Badge size="2xsmall">{lead.encoding}</Badge>}
          </div>
          <div>
            <Row label={t("messaging.intake.contact")} value={lead.contact_person} />
            <Row label={t("messaging.intake.phone")} value={lead.phone} />
            <Row label="E-mail" value={lead.email} />
            <Row label={t("messaging.intake.taxId")} value={lead.tax_id} />
            <Row label={t("messaging.intake.date")} value={f?.date ?? formatDateTime(lead.created_at, i18n.language)} />
            <Row label={t("messaging.intake.description")} value={f?.description} />
            <Row
              label={t("messaging.intake.assignee")}
              value={[lead.assignee_user_id, lead.assignee_group].filter(Boolean).join(" / ") || null}
            />
            <Row
              label={t("messaging.intake.draftOrder")}
              value={
                lead.draft_order_id ? (
                  <a className="text-ui-fg-interactive" href={`/app/draft-orders/${lead.draft_order_id}`}>
                    {lead.draft_order_id}
                  </a>
                ) : (
                  lead.draft_order_error
                )
              }
            />
            {(f?.layout_files ?? []).map((url, i) => (
              <Row
                key={i}
                label={i ? "" : t("messaging.intake.files")}
                value={
                  <a className="text-ui-fg-interactive" href={url} target="_blank" rel="noreferrer">
                    {url}
                  </a>
                }
              />
            ))}
          </div>
          {!!f?.items?.length && (
            <div data-testid="lead-items">
              <Text size="small" weight="plus">
                {t("messaging.intake.items")}
              </Text>
              {f.items.map((l, i) => (
                <Text key={i} size="small" className="text-ui-fg-subtle">
                  {l.quantity ?? 1} × {l.name ?? l.code} {l.price !== null ? `@ ${l.price}` : ""}
                  {l.service ? ` (${t("messaging.intake.service")})` : ""}
                  {l.extra_works
                    .map((w) => ` · ${w.kind} ×${w.quantity ?? 1}${w.description ? ` (${w.description})` : ""}`)
                    .join("")}
                </Text>
              ))}
            </div>
          )}
          {!!lead.parse_errors?.length && (
            <div className="rounded-md bg-ui-tag-red-bg p-3" data-testid="lead-errors">
              <Text size="small" weight="plus">
                {t("messaging.intake.parseErrors")}
              </Text>
              {lead.parse_errors.map((e, i) => (
                <Text key={i} size="small" className="font-mono">
                  {e.key ?? e.field}: {e.message}
                </Text>
              ))}
            </div>
          )}
          <div>
            <Text size="small" weight="plus">
              {t("messaging.intake.raw")}
            </Text>
            <pre
              className="bg-ui-bg-subtle txt-compact-xsmall mt-1 max-h-64 overflow-auto whitespace-pre-wrap rounded-md p-3 font-mono"
              data-testid="lead-raw"
            >
              {lead.raw_payload ?? "—"}
            </pre>
          </div>
          {!final && (
            <div className="flex flex-col gap-y-3 border-t pt-4">
              <Field label={t("messaging.intake.assignTo")}>
                <div className="flex gap-x-2">
                  <Input
                    size="small"
                    value={assignee}
                    placeholder="user_…"
                    onChange={(e) => setAssignee(e.target.value)}
                  />
                  <Button
                    size="small"
                    variant="secondary"
                    disabled={!assignee.trim()}
                    onClick={() =>
                      run(update.mutateAsync({ assignee_user_id: assignee.trim(), status: "in_progress" }))
                    }
                  >
                    {t("messaging.intake.assign")}
                  </Button>
                </div>
              </Field>
              <Field label={t("messaging.intake.rejectReason")}>
                <Input size="small" value={reason} onChange={(e) => setReason(e.target.value)} />
              </Field>
              <div className="flex gap-x-2">
                <Button
                  size="small"
                  data-testid="lead-convert"
                  isLoading={convert.isPending}
                  onClick={() => run(convert.mutateAsync({}))}
                >
                  {t("messaging.intake.convert")}
                </Button>
                <Button
                  size="small"
                  variant="danger"
                  data-testid="lead-reject"
                  isLoading={reject.isPending}
                  onClick={() => run(reject.mutateAsync({ reason: reason || null }))}
                >
                  {t("messaging.intake.reject")}
                </Button>
              </div>
            </div>
          )}
        </div>
      )}
    </FormDrawer>
  )
}
