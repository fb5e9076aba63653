/** Message list filters and the fields the History table and CSV export show. */
import { dateFilter } from "./dates"

export interface MessageFilterInput {
  status?: string[]
  channel?: string[]
  direction?: string
  sales_channel_id?: string
  event_name?: string
  order_id?: string
  customer_id?: string
  campaign_id?: string
  q?: string
  from?: Date
  to?: Date
}

/** `%`, `_` and `\` typed by an admin are literal characters in ILIKE. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** Filters for listMessagingMessages. `q` matches the recipient or the text; a phone also matches by its digits. */
export function messageFilters(input: MessageFilterInput): Record<string, unknown> {
  const filters: Record<string, unknown> = {}
  if (input.status?.length) filters.status = input.status
  if (input.channel?.length) filters.channel = input.channel
  for (const key of [
    "direction",
    "sales_channel_id",
    "event_name",
    "order_id",
    "customer_id",
    "campaign_id",
  ] as const) {
    if (input[key]) filters[key] = input[key]
  }
  const created = dateFilter({ from: input.from, to: input.to })
  if (created) filters.created_at = created
  const q = input.q?.trim()
  if (q) {
    const or: Record<string, unknown>[] = [
      { recipient: { $ilike: likePattern(q) } },
      { body: { $ilike: likePattern(q) } },
    ]
    const digits = q.replace(/\D/g, "")
    if (digits.length >= 5 && /^[\d\s()+.-]+$/.test(q)) or.push({ recipient: { $ilike: likePattern(digits) } })
    filters.$or = or
  }
  return filters
}

export const EXPORT_COLUMNS = [
  "id",
  "created_at",
  "direction",
  "channel",
  "status",
  "recipient",
  "audience",
  "event_name",
  "template_code",
  "sales_channel_id",
  "order_id",
  "customer_id",
  "campaign_id",
  "sender",
  "encoding",
  "segments",
  "cost",
  "currency",
  "provider_type",
  "provider_message_id",
  "attempts",
  "sent_at",
  "delivered_at",
  "error",
  "subject",
  "body",
] as const
