/**
 * Text helpers for Telegram's HTML parse mode: escaping and splitting long texts.
 * Telegram counts the limit (4096) in UTF-16 code units of the text *after* entity
 * parsing, so the adapter splits the plain text first and escapes each part.
 */
/** Telegram: text limit per API message; longer texts are split into several. */
export const TELEGRAM_MESSAGE_LIMIT = 4096

/** Escape the three characters HTML mode treats specially. */
export function escapeTelegramHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff

/**
 * Split `text` into parts of at most `limit` UTF-16 units. Prefers a paragraph break,
 * then a line break, then a space in the second half of the window; otherwise cuts
 * hard, but never between the two halves of a surrogate pair. The break character
 * itself is dropped; no part is empty.
 */
export function splitTelegramText(text: string, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  if (limit < 2) throw new Error("splitTelegramText: limit must be at least 2")
  const parts: string[] = []
  let rest = text
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1) // a break right after the limit still counts
    let cut = -1
    let skip = 0
    const minCut = Math.floor(limit / 2)
    for (const sep of ["\n\n", "\n", " "]) {
      const at = window.lastIndexOf(sep, limit)
      if (at >= minCut && at > 0) {
        cut = at
        skip = sep.length
        break
      }
    }
    if (cut === -1) {
      cut = limit
      if (isHighSurrogate(rest.charCodeAt(cut - 1))) cut -= 1
      skip = 0
    }
    const part = rest.slice(0, cut)
    if (part.length > 0) parts.push(part)
    rest = rest.slice(cut + skip)
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest)
  return parts
}
