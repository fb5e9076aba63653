import { Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { formatDateTime } from "../lib/format"
import type { Message } from "../../types/messaging"
import { MessageStatusBadge } from "./status-badge"

/** Compact history for the order and customer pages; a row opens the detail drawer. */
export function MessageList({ messages, onOpen, testId }: { messages: Message[]; onOpen: (id: string) => void; testId?: string }) {
  const { t, i18n } = useTranslation()
  return (
    <ul className="divide-y" data-testid={testId ?? "message-list"}>
      {messages.map((m) => (
        <li key={m.id}>
          <button type="button" className="hover:bg-ui-bg-base-hover flex w-full flex-col gap-y-1 px-6 py-3 text-left" onClick={() => onOpen(m.id)} data-testid="message-row">
            <div className="flex w-full items-center justify-between gap-2">
              <Text size="xsmall" className="text-ui-fg-subtle truncate">
                {m.direction === "inbound" ? "← " : "→ "}
                {t(`messaging.channel.${m.channel}`)} · {m.recipient} · {formatDateTime(m.created_at, i18n.language)}
              </Text>
              <MessageStatusBadge status={m.status} />
            </div>
            <Text size="small" className="line-clamp-2 break-words">
              {m.body}
            </Text>
          </button>
        </li>
      ))}
    </ul>
  )
}
