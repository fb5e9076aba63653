import { StatusBadge } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { STATUS_COLOR } from "../lib/format"

export function MessageStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation()
  return (
    <StatusBadge color={STATUS_COLOR[status] ?? "grey"} className="whitespace-nowrap" data-status={status}>
      {t(`messaging.status.${status}`, { defaultValue: status })}
    </StatusBadge>
  )
}
