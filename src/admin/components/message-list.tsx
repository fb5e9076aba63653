import { Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { formatDateTime } from "../lib/format"
import type { Message } from "../../types/messaging"
import { DataTable, createDataTableColumnHelper } from "./data-table"
import { MessageStatusBadge } from "./status-badge"

const col = createDataTableColumnHelper<Message>()

/** Compact history for the order and customer pages; a row opens the detail drawer. */
export function MessageList({ messages, onOpen, testId }: { messages: Message[]; onOpen: (id: string) => void; testId?: string }) {
  const { t, i18n } = useTranslation()
  const columns = [
    col.accessor("body", {
      header: t("messaging.templates.text"),
      cell: ({ row: { original: m } }) => (
        <div className="flex max-w-[280px] flex-col gap-y-1 py-2">
          <Text size="xsmall" className="text-ui-fg-subtle truncate">
            {m.direction === "inbound" ? "← " : "→ "}
            {t(`messaging.channel.${m.channel}`)} · {m.recipient} · {formatDateTime(m.created_at, i18n.language)}
          </Text>
          <Text size="small" className="truncate">
            {m.body}
          </Text>
        </div>
      ),
    }),
    col.accessor("status", { header: t("messaging.history.status"), size: 1, cell: ({ getValue }) => <MessageStatusBadge status={getValue()} /> }),
  ]
  return <DataTable rows={messages} columns={columns} onRowClick={(m) => onOpen(m.id)} testId={testId ?? "message-list"} />
}
