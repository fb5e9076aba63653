/** Display helpers: dates in the admin's locale, money, message status colors. */

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
}

export const MESSAGE_STATUSES = [
  "queued",
  "deferred",
  "sending",
  "sent",
  "delivered",
  "read",
  "undelivered",
  "failed",
  "skipped",
  "canceled",
  "received",
  "unknown",
]
export const CHANNELS = ["sms", "viber", "omni", "telegram", "email"]
export const PHONE_CHANNELS = ["sms", "viber", "omni"]
export const LOCALES = ["en", "ru", "uk"]
export const PENDING = ["queued", "deferred"]
export const RESENDABLE = ["sent", "delivered", "read", "undelivered", "failed", "canceled"]
/** The provider may have it and cannot be asked: "send again" queues the same message. */
export const UNKNOWN_OUTCOME = "unknown"
