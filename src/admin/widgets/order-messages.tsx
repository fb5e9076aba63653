import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Heading, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { EmptyState } from "../components/empty-state"
import { MessageList } from "../components/message-list"
import { SendMessageForm, type PhoneOption } from "../components/send-message-form"
import { errorText, useApi } from "../lib/api"
import type { Message } from "../../types/messaging"
import { usePermissions } from "../lib/permissions"
import { MESSAGING_RESOURCES as R } from "../../modules/messaging/vocabulary"

interface OrderInfo {
  order: { id: string; sales_channel_id: string | null; customer_id: string | null }
  phones: PhoneOption[]
  messages: Message[]
  count: number
}

/** Order page: send an SMS/Viber message to the customer, and the order's message history. */
const OrderMessagesWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { t } = useTranslation()
  const { ready, can } = usePermissions()
  const canRead = can(R.message, "read")
  const info = useApi<OrderInfo>(canRead ? `/orders/${order.id}` : null, undefined, { refetchInterval: 5000 })
  // A role without messaging_message:read sees no messaging widget on the order page.
  if (!ready || !canRead) return null
  return (
    <Container className="divide-y p-0" data-testid="order-messages-widget">
      <div className="px-6 py-4">
        <Heading level="h2">{t("messaging.widgets.order.title")}</Heading>
      </div>
      <div className="px-6 py-4">
        {info.error ? (
          <Text size="small" className="text-ui-fg-error">
            {errorText(info.error)}
          </Text>
        ) : info.data && !can(R.message, "send") ? (
          <Text size="small" className="text-ui-fg-subtle" data-testid="order-send-not-allowed">
            {t("messaging.widgets.sendNotAllowed")}
          </Text>
        ) : info.data ? (
          <SendMessageForm
            orderId={order.id}
            phones={info.data.phones}
            salesChannelId={info.data.order.sales_channel_id}
          />
        ) : (
          <Text size="small">{t("messaging.common.loading")}</Text>
        )}
      </div>
      <div className="py-2">
        <div className="px-6 py-2">
          <Text size="small" weight="plus">
            {t("messaging.widgets.order.history", { count: info.data?.count ?? 0 })}
          </Text>
        </div>
        <MessageList
          messages={info.data?.messages ?? []}
          empty={
            info.data && (
              <EmptyState
                title={t("messaging.widgets.order.empty")}
                description={t("messaging.widgets.order.emptyHint")}
                testId="order-messages-empty"
              />
            )
          }
          testId="order-message-list"
        />
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "order.details.side" })

export default OrderMessagesWidget
