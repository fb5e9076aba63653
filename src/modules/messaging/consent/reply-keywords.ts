/**
 * Consent keywords in inbound replies. A reply changes consent only when the whole
 * message — trimmed, without surrounding punctuation, in any letter case — is one
 * keyword: "STOP" or "Стоп!" opts out; "Cancel my order 1042" or "Yes, I'll be home"
 * is an ordinary reply. Pure: the caller passes the site's lists.
 */

/** Carrier opt-out words (STOP family) and their Ukrainian and Russian equivalents. */
export const DEFAULT_OPT_OUT_KEYWORDS: readonly string[] = [
  "STOP",
  "STOPALL",
  "UNSUBSCRIBE",
  "END",
  "QUIT",
  "REVOKE",
  "OPTOUT",
  "CANCEL",
  "СТОП",
  "ВІДПИСАТИСЯ",
  "ВІДПИСКА",
  "ОТПИСАТЬСЯ",
  "ОТПИСКА",
]

/** Words that opt a number back in. */
export const DEFAULT_OPT_IN_KEYWORDS: readonly string[] = [
  "START",
  "UNSTOP",
  "YES",
  "СТАРТ",
  "ПІДПИСАТИСЯ",
  "ПОДПИСАТЬСЯ",
]

export interface ReplyKeywordLists {
  optout_keywords?: readonly string[] | null
  optin_keywords?: readonly string[] | null
}

export type ConsentKeyword = "opt_out" | "opt_in"

/** Punctuation, symbols, spaces and invisible characters around a reply ("STOP." "«Стоп»" " stop! "). */
const EDGES = /^[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}\s]+|[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}\s]+$/gu

/** The form a reply and a keyword are compared in: NFC, no surrounding punctuation, upper case. */
export function keywordForm(text: string): string {
  return text.normalize("NFC").replace(EDGES, "").toUpperCase()
}

/** "opt_out" / "opt_in" when the whole reply is one of the keywords, else null. */
export function consentKeyword(text: string, lists: ReplyKeywordLists = {}): ConsentKeyword | null {
  const reply = keywordForm(text ?? "")
  if (!reply) return null
  const optOut = lists.optout_keywords ?? DEFAULT_OPT_OUT_KEYWORDS
  const optIn = lists.optin_keywords ?? DEFAULT_OPT_IN_KEYWORDS
  if (optOut.some((k) => keywordForm(k) === reply)) return "opt_out"
  if (optIn.some((k) => keywordForm(k) === reply)) return "opt_in"
  return null
}

/**
 * A keyword list as an admin typed it: trimmed, upper case, without duplicates or
 * empties. Keywords are single words (a reply must equal one exactly).
 */
export function normalizeKeywordList(words: readonly string[]): string[] {
  const out: string[] = []
  for (const w of words) {
    const k = keywordForm(w)
    if (k && !out.includes(k)) out.push(k)
  }
  return out
}
