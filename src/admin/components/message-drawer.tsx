import { Badge, Button, Drawer, Heading, Text, toast, usePrompt } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { errorText, useApi, useApiMutation } from "../lib/api"
import { formatDateTime, formatMoney } from "../lib/format"
import { PENDING_STATUSES, RESENDABLE_STATUSES, UNKNOWN_OUTCOME } from "../../modules/messaging/vocabulary"
import { useEventLabel } from "../lib/use-event-label"
import type { Message, MessageEvent } from "../../types/messaging"
import { MessageStatusBadge } from "./status-badge"

interface Detail {
  message: Message
  events: MessageEvent[]
  related: { parent: Message | null; children: Message[] }
}

interface ResendResult {
  messages: Message[]
  refused: { id: string; code: string; reason: string }[]
}

function Row({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[140px_1fr] gap-x-3 py-1">
      <Text size="small" className="text-ui-fg-subtle">
        {label}
      </Text>
      <Text size="small" className="min-w-0 break-words">
        {value ?? "—"}
      </Text>
    </div>
  )
}

/** What cancel / release / send-again answer: the new copy when one was made. */
interface ActionResult {
  messages?: { id: string }[]
}

/** A message in full: text, parts, cost, provider ids, status timeline; resend / cancel / send now. */
export function MessageDrawer({
  id,
  onClose,
  onOpen,
}: {
  id: string | null
  onClose: () => void
  onOpen?: (id: string) => void
}) {
  const { t, i18n } = useTranslation()
  const { data, isLoading } = useApi<Detail>(id ? `/messages/${id}` : null)
  const eventLabel = useEventLabel()
  const cancel = useApiMutation<{ ids: string[] }, ActionResult>("/messages/cancel")
  const release = useApiMutation<{ ids: string[] }, ActionResult>("/messages/release")
  const resend = useApiMutation<{ ids: string[]; override_consent?: boolean }, ResendResult>("/messages/resend")
  const prompt = usePrompt()
  const sendAgain = useApiMutation<{ ids: string[] }, ActionResult>("/messages/send-again")
  const m = data?.message
  const run = async (action: typeof cancel, done: string) => {
    if (!m) return
    try {
      const result = await action.mutateAsync({ ids: [m.id] })
      toast.success(done)
      if (result?.messages?.[0] && onOpen) onOpen(result.messages[0].id)
    } catch (e) {
      toast.error(errorText(e))
    }
  }
  /** Resend through the opt-out and quiet-hours checks; when refused, the admin may explicitly override them. */
  const doResend = async () => {
    if (!m) return
    try {
      let result = await resend.mutateAsync({ ids: [m.id] })
      const refused = result.refused[0]
      if (!result.messages.length && refused) {
        const override = await prompt({
          title: t("messaging.message.resendRefused"),
          description: `${refused.reason}. ${t("messaging.message.overrideHint")}`,
          confirmText: t("messaging.message.overrideResend"),
          cancelText: t("messaging.common.cancel"),
        })
        if (!override) return
        result = await resend.mutateAsync({ ids: [m.id], override_consent: true })
      }
      const copy = result.messages[0]
      if (!copy) return void toast.error(result.refused[0]?.reason ?? t("messaging.message.resendRefused"))
      toast.success(copy.status === "deferred" ? t("messaging.message.resentDeferred") : t("messaging.message.resent"))
      onOpen?.(copy.id)
    } catch (e) {
      toast.error(errorText(e))
    }
  }
  return (
    <Drawer open={!!id} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content data-testid="message-drawer">
        <Drawer.Header>
          <Drawer.Title asChild>
            <Heading>{t("messaging.message.title")}</Heading>
          </Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
          {isLoading || !m ? (
            <Text size="small">{t("messaging.common.loading")}</Text>
          ) : (
            <>
              <div className="flex flex-wrap items-center gap-2">
                <MessageStatusBadge status={m.status} />
                <Badge size="2xsmall">{t(`messaging.channel.${m.channel}`)}</Badge>
                {m.direction === "inbound" && (
                  <Badge size="2xsmall" color="blue">
                    {t("messaging.message.inbound")}
                  </Badge>
                )}
                {m.critical && (
                  <Badge size="2xsmall" color="orange">
                    {t("messaging.templates.critical")}
                  </Badge>
                )}
              </div>
              {m.status === UNKNOWN_OUTCOME && (
                <Text size="small" className="text-ui-fg-subtle" data-testid="unknown-outcome-hint">
                  {t("messaging.message.unknownHint")}
                </Text>
              )}
              <div>
                {m.subject && (
                  <Text size="small" weight="plus" className="mb-1">
                    {m.subject}
                  </Text>
                )}
                <div className="bg-ui-bg-subtle rounded-lg border px-3 py-2">
                  <Text size="small" className="whitespace-pre-wrap break-words" data-testid="message-body">
                    {m.metadata?.text_removed_at && !m.body ? (
                      <span className="text-ui-fg-muted italic">{t("messaging.message.textRemoved")}</span>
                    ) : (
                      m.body
                    )}
                  </Text>
                </div>
              </div>
              <div>
                <Row label={t("messaging.message.recipient")} value={m.recipient} />
                <Row label={t("messaging.message.created")} value={formatDateTime(m.created_at, i18n.language)} />
                <Row label={t("messaging.message.event")} value={m.event_name ? eventLabel(m.event_name) : null} />
                <Row label={t("messaging.message.template")} value={m.template_code} />
                <Row label={t("messaging.message.sender")} value={m.sender} />
                <Row
                  label={t("messaging.message.parts")}
                  value={m.segments !== null ? `${m.segments} (${m.encoding ?? "?"})` : null}
                />
                <Row
                  label={t("messaging.message.cost")}
                  value={m.cost !== null ? formatMoney(m.cost, m.currency, i18n.language) : null}
                />
                <Row label={t("messaging.message.provider")} value={m.provider_type} />
                <Row label={t("messaging.message.providerId")} value={m.provider_message_id} />
                <Row label={t("messaging.message.attempts")} value={String(m.attempts)} />
                {m.next_attempt_at && (PENDING_STATUSES as readonly string[]).includes(m.status) && (
                  <Row
                    label={t("messaging.message.nextAttempt")}
                    value={formatDateTime(m.next_attempt_at, i18n.language)}
                  />
                )}
                {m.error && (
                  <Row
                    label={t("messaging.message.error")}
                    value={<span className="text-ui-fg-error">{m.error}</span>}
                  />
                )}
                <Row label="ID" value={m.id} />
              </div>
              <div>
                <Heading level="h3" className="mb-2">
                  {t("messaging.message.timeline")}
                </Heading>
                {data.events.length === 0 ? (
                  <Text size="small" className="text-ui-fg-subtle">
                    {t("messaging.message.noTimeline")}
                  </Text>
                ) : (
                  <ol className="border-ui-border-base ml-1 border-l" data-testid="message-timeline">
                    {data.events.map((e) => (
                      <li key={e.id} className="relative pb-3 pl-4">
                        <span className="bg-ui-fg-muted absolute -left-[4px] top-1.5 h-[7px] w-[7px] rounded-full" />
                        <div className="flex flex-wrap items-center gap-2">
                          <MessageStatusBadge status={e.status} />
                          <Text size="xsmall" className="text-ui-fg-subtle">
                            {formatDateTime(e.occurred_at, i18n.language)} ·{" "}
                            {t(`messaging.message.source.${e.source}`, { defaultValue: e.source })}
                          </Text>
                        </div>
                        {(e.note || e.raw_status) && (
                          <Text size="xsmall" className="text-ui-fg-muted mt-0.5 break-words">
                            {[e.raw_status, e.raw_code, e.note].filter(Boolean).join(" · ")}
                          </Text>
                        )}
                      </li>
                    ))}
                  </ol>
                )}
              </div>
              {(data.related.parent || data.related.children.length > 0) && (
                <div>
                  <Heading level="h3" className="mb-2">
                    {t("messaging.message.related")}
                  </Heading>
                  {[data.related.parent, ...data.related.children].filter(Boolean).map((r) => (
                    <button
                      key={r!.id}
                      type="button"
                      className="hover:bg-ui-bg-base-hover flex w-full items-center gap-2 rounded px-2 py-1 text-left"
                      onClick={() => onOpen?.(r!.id)}
                    >
                      <MessageStatusBadge status={r!.status} />
                      <Text size="small" className="truncate">
                        {t(`messaging.channel.${r!.channel}`)} · {formatDateTime(r!.created_at, i18n.language)}
                      </Text>
                    </button>
                  ))}
                </div>
              )}
            </>
          )}
        </Drawer.Body>
        <Drawer.Footer>
          {m && (PENDING_STATUSES as readonly string[]).includes(m.status) && m.direction === "outbound" && (
            <>
              {m.status === "deferred" && (
                <Button
                  size="small"
                  variant="secondary"
                  isLoading={release.isPending}
                  onClick={() => run(release, t("messaging.message.released"))}
                >
                  {t("messaging.message.sendNow")}
                </Button>
              )}
              <Button
                size="small"
                variant="danger"
                isLoading={cancel.isPending}
                onClick={() => run(cancel, t("messaging.message.canceled"))}
              >
                {t("messaging.message.cancel")}
              </Button>
            </>
          )}
          {m && m.status === UNKNOWN_OUTCOME && m.direction === "outbound" && (
            <Button
              size="small"
              variant="secondary"
              isLoading={sendAgain.isPending}
              onClick={() => run(sendAgain, t("messaging.message.sentAgain"))}
              data-testid="send-again-button"
            >
              {t("messaging.message.sendAgain")}
            </Button>
          )}
          {m && (RESENDABLE_STATUSES as readonly string[]).includes(m.status) && m.direction === "outbound" && (
            <Button
              size="small"
              variant="secondary"
              isLoading={resend.isPending}
              onClick={doResend}
              data-testid="resend-button"
            >
              {t("messaging.message.resend")}
            </Button>
          )}
          <Drawer.Close asChild>
            <Button size="small" variant="secondary">
              {t("messaging.common.close")}
            </Button>
          </Drawer.Close>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
