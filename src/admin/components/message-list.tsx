import { Text } from "@medusajs/ui"
import { useState, type ReactNode } from "react"
import { useTranslation } from "react-i18next"
import { formatDateTime } from "../lib/format"
import type { Message } from "../../types/messaging"
import { DataTable, createDataTableColumnHelper } from "./data-table"
import { MessageDrawer } from "./message-drawer"
import { MessageStatusBadge } from "./status-badge"

const col = createDataTableColumnHelper<Message>()

/** Compact history for the order and customer pages; a row opens the detail drawer. */
export function MessageList({ messages, empty, testId }: { messages: Message[]; empty?: ReactNode; testId?: string }) {
  const { t, i18n } = useTranslation()
  const [open, setOpen] = useState<string | null>(null)
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
    col.accessor("status", {
      header: t("messaging.history.status"),
      size: 1,
      cell: ({ getValue }) => <MessageStatusBadge status={getValue()} />,
    }),
  ]
  return (
    <>
      <DataTable
        rows={messages}
        columns={columns}
        onRowClick={(m) => setOpen(m.id)}
        empty={empty}
        testId={testId ?? "message-list"}
      />
      <MessageDrawer id={open} onClose={() => setOpen(null)} onOpen={setOpen} />
    </>
  )
}
