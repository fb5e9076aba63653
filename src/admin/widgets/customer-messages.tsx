import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Heading, Input, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { EmptyState } from "../components/empty-state"
import { MessageList } from "../components/message-list"
import { SendMessageForm } from "../components/send-message-form"
import { errorText, useApi, useApiMutation } from "../lib/api"
import type { Message } from "../../types/messaging"
import { useDebounced } from "../lib/use-debounced"
import { usePermissions } from "../lib/permissions"
import { MESSAGING_RESOURCES as R } from "../../modules/messaging/vocabulary"

interface ChannelState {
  opted_out: boolean
  id?: string
  since?: string
  source?: string
  channel?: string
}

interface CustomerInfo {
  customer: { id: string; email: string | null; phones: string[] }
  messages: Message[]
  count: number
  opt_outs: { phone: string; channels: Record<string, ChannelState> }[]
}

/** Customer page: the customer's messages (outbound and inbound), search, and opt-out state per channel. */
const CustomerMessagesWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const { t } = useTranslation()
  const [q, setQ] = useState("")
  const [composing, setComposing] = useState(false)
  const query = useDebounced(q, 300)
  const { ready, can } = usePermissions()
  const canRead = can(R.message, "read")
  const info = useApi<CustomerInfo>(canRead ? `/customers/${customer.id}` : null, { q: query, limit: 50 })
  const optOut = useApiMutation<{ phone: string; channel: string }>("/opt-outs")
  const optIn = useApiMutation<{ id: string }>((b) => `/opt-outs/${b.id}`, "DELETE")

  const toggle = async (phone: string, channel: string, state: ChannelState) => {
    try {
      if (state.opted_out && state.id) await optIn.mutateAsync({ id: state.id })
      else await optOut.mutateAsync({ phone, channel })
      toast.success(t("messaging.common.saved"))
    } catch (e) {
      toast.error(errorText(e))
    }
  }

  // A role without messaging_message:read sees no messaging widget on the customer page.
  if (!ready || !canRead) return null
  return (
    <Container className="divide-y p-0" data-testid="customer-messages-widget">
      <div className="flex flex-wrap items-center justify-between gap-3 px-6 py-4">
        <Heading level="h2">{t("messaging.widgets.customer.title")}</Heading>
        {info.data && info.data.customer.phones.length > 0 && can(R.message, "send") && (
          <Button size="small" variant="secondary" onClick={() => setComposing((v) => !v)}>
            {composing ? t("messaging.common.close") : t("messaging.widgets.customer.send")}
          </Button>
        )}
      </div>
      {composing && info.data && (
        <div className="px-6 py-4">
          <SendMessageForm
            customerId={customer.id}
            phones={info.data.customer.phones.map((phone) => ({ phone, source: "customer", valid: true }))}
          />
        </div>
      )}
      <div className="px-6 py-4" data-testid="customer-opt-outs">
        <Text size="small" weight="plus" className="mb-2">
          {t("messaging.widgets.customer.optOuts")}
        </Text>
        {info.data?.opt_outs.length === 0 && (
          <Text size="small" className="text-ui-fg-subtle">
            {t("messaging.widgets.customer.noPhone")}
          </Text>
        )}
        <div className="flex flex-col gap-y-2">
          {info.data?.opt_outs.map((row) => (
            <div key={row.phone} className="flex flex-wrap items-center gap-2">
              <Text size="small" className="min-w-[130px] font-mono">
                {row.phone}
              </Text>
              {Object.entries(row.channels).map(([channel, state]) => (
                <Button
                  key={channel}
                  size="small"
                  variant="transparent"
                  onClick={() => toggle(row.phone, channel, state)}
                  disabled={!can(R.optOut, state.opted_out ? "delete" : "create")}
                  title={
                    state.opted_out ? t("messaging.widgets.customer.allow") : t("messaging.widgets.customer.block")
                  }
                >
                  <Badge size="2xsmall" color={state.opted_out ? "red" : "green"}>
                    {t(`messaging.channel.${channel}`)}:{" "}
                    {state.opted_out
                      ? t("messaging.widgets.customer.optedOut")
                      : t("messaging.widgets.customer.subscribed")}
                  </Badge>
                </Button>
              ))}
            </div>
          ))}
        </div>
      </div>
      <div className="py-2">
        <div className="flex flex-wrap items-center justify-between gap-3 px-6 py-2">
          <Text size="small" weight="plus">
            {t("messaging.widgets.customer.history", { count: info.data?.count ?? 0 })}
          </Text>
          <div className="w-full max-w-[240px]">
            <Input
              size="small"
              type="search"
              placeholder={t("messaging.widgets.customer.search")}
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
          </div>
        </div>
        {info.error && (
          <Text size="small" className="text-ui-fg-error px-6">
            {errorText(info.error)}
          </Text>
        )}
        <MessageList
          messages={info.data?.messages ?? []}
          empty={
            info.data && (
              <EmptyState
                title={query ? t("messaging.widgets.customer.noMatch") : t("messaging.widgets.customer.empty")}
                description={query ? undefined : t("messaging.widgets.customer.emptyHint")}
              />
            )
          }
          testId="customer-message-list"
        />
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "customer.details" })

export default CustomerMessagesWidget
