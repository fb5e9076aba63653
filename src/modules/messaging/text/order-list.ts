import { toAmount } from "../money/amounts"

/** The parts of a line item the compact list needs. */
export interface OrderListItem {
  title?: string | null
  product_title?: string | null
  quantity?: unknown
}

export interface OrderListOptions {
  /** Longest result in characters (default 60, about a third of an SMS). */
  maxLength?: number
  /** Site locale; picks the word for "more" (en, ru, uk). */
  locale?: string
}

export const DEFAULT_ORDER_LIST_LENGTH = 60

const MORE: Record<string, string> = { en: "more", ru: "ещё", uk: "ще" }

/**
 * A compact item list for an SMS: "2x T-shirt, 1x Mug". Items that do not fit
 * in `maxLength` are summarised as ", +N more"; a first item that alone is too
 * long is cut with "...".
 */
export function formatOrderList(
  items: readonly OrderListItem[] | null | undefined,
  options: OrderListOptions = {}
): string {
  const entries = (items ?? []).map(describeItem)
  if (entries.length === 0) return ""
  const maxLength = Math.max(1, Math.floor(options.maxLength ?? DEFAULT_ORDER_LIST_LENGTH))
  const more = MORE[language(options.locale)] ?? MORE.en
  const suffix = (hidden: number) => (hidden > 0 ? `+${hidden} ${more}` : "")
  const join = (text: string, tail: string) => (text && tail ? `${text}, ${tail}` : text || tail)

  let shown = 0
  let text = ""
  while (shown < entries.length) {
    const candidate = join(text, entries[shown])
    if (join(candidate, suffix(entries.length - shown - 1)).length > maxLength) break
    text = candidate
    shown++
  }
  if (shown === 0) {
    const tail = suffix(entries.length - 1)
    const room = maxLength - (tail ? tail.length + 2 : 0)
    text = truncate(entries[0], room)
    shown = 1
  }
  return codePointPrefix(join(text, suffix(entries.length - shown)), maxLength)
}

function describeItem(item: OrderListItem): string {
  const quantity = toAmount(item.quantity) ?? 1
  const title = (item.title || item.product_title || "Item").replace(/\s+/g, " ").trim()
  return `${quantity}x ${title}`
}

function truncate(text: string, room: number): string {
  if (text.length <= room) return text
  if (room <= 3) return codePointPrefix(text, room)
  return `${codePointPrefix(text, room - 3)}...`
}

/** The longest prefix of whole code points that is at most `length` UTF-16 units long. */
function codePointPrefix(text: string, length: number): string {
  let out = ""
  for (const char of text) {
    if (out.length + char.length > length) break
    out += char
  }
  return out
}

function language(locale: string | undefined): string {
  return (locale ?? "en").slice(0, 2).toLowerCase()
}
