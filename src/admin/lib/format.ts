/** Display helpers: dates in the admin's locale, money, message status colors. */
import type { MessageStatus } from "../../modules/messaging/vocabulary"

export function formatDateTime(value: string | Date | null | undefined, locale?: string): string {
  if (!value) return "—"
  const d = typeof value === "string" ? new Date(value) : value
  if (Number.isNaN(d.getTime())) return "—"
  return d.toLocaleString(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  })
}

export function formatMoney(
  amount: number | null | undefined,
  currency: string | null | undefined,
  locale?: string
): string {
  if (amount === null || amount === undefined) return "—"
  if (!currency) return amount.toFixed(2)
  try {
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency: currency.toUpperCase(),
      maximumFractionDigits: 4,
    }).format(amount)
  } catch {
    return `${amount.toFixed(2)} ${currency}`
  }
}

export type BadgeColor = "green" | "red" | "blue" | "orange" | "grey" | "purple"

/** Every message status has a color (`satisfies`); looked up by any status string. */
export const STATUS_COLOR: Record<string, BadgeColor> = {
  queued: "blue",
  deferred: "purple",
  sending: "blue",
  sent: "green",
  delivered: "green",
  read: "green",
  undelivered: "red",
  failed: "red",
  skipped: "orange",
  canceled: "grey",
  received: "blue",
  unknown: "orange",
} satisfies Record<MessageStatus, BadgeColor>
