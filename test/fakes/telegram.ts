/**
 * Fake Telegram Bot API (see shared/reference/providers.md). `url` is the base_url;
 * methods live at /bot<token>/<method>.
 *
 *  - ok/error shapes: {"ok":true,"result":…} / {"ok":false,"error_code":N,"description":…,"parameters"?}
 *    with the HTTP status equal to error_code
 *  - wrong token → 401 Unauthorized
 *  - HTML parse mode checked like Telegram: unknown tags or bare "&" → 400 can't parse entities;
 *    text length counted in UTF-16 units after entity parsing, > 4096 → 400 message is too long
 *  - chats: `unknownChats` → 400 chat not found, `blockedChats` → 403 bot was blocked,
 *    `notMemberChats` → 403 not a member, `migratedChats` old → new id → 400 with migrate_to_chat_id
 *  - mode "rate_limit" (every request) or `rateLimitNext(n, retryAfter)` (the next n sendMessage calls)
 *    → 429 with parameters.retry_after
 */
import {
  startHttpFake,
  extendFake,
  type FakeContext,
  type FakeReply,
  type FakeServer,
  type FakeServerOptions,
} from "./http-fake"

export interface TelegramFakeMessage {
  message_id: number
  chat_id: string
  /** Text as posted (HTML). */
  text: string
  /** Text after entity parsing (what the chat shows). */
  plain: string
  parse_mode: string | null
  link_preview_disabled: boolean
}

export interface TelegramFakeOptions extends FakeServerOptions {
  botToken?: string
  unknownChats?: string[]
  blockedChats?: string[]
  notMemberChats?: string[]
  /** Chat upgraded to a supergroup: old id → new id. */
  migratedChats?: Record<string, string>
  /** retry_after (seconds) used by mode "rate_limit". */
  retryAfterSeconds?: number
}

export interface FakeTelegram extends FakeServer {
  botToken: string
  unknownChats: Set<string>
  blockedChats: Set<string>
  notMemberChats: Set<string>
  migratedChats: Map<string, string>
  retryAfterSeconds: number
  readonly messages: TelegramFakeMessage[]
  messagesIn(chatId: string | number): TelegramFakeMessage[]
  /** The next `count` sendMessage calls answer 429 with this retry_after. */
  rateLimitNext(count: number, retryAfterSeconds: number): void
}

const ALLOWED_TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "a",
  "code",
  "pre",
  "tg-spoiler",
  "span",
  "blockquote",
  "tg-emoji",
])
const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' }

/** Telegram-like HTML check; returns the visible text or an error description. */
export function parseTelegramHtml(html: string): { plain: string } | { error: string } {
  let plain = ""
  const stack: string[] = []
  for (let i = 0; i < html.length;) {
    const ch = html[i]
    if (ch === "<") {
      const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*)?>/.exec(html.slice(i))
      if (!m)
        return {
          error: `Bad Request: can't parse entities: Unsupported start tag at byte offset ${Buffer.byteLength(html.slice(0, i))}`,
        }
      const name = m[2].toLowerCase()
      if (!ALLOWED_TAGS.has(name))
        return {
          error: `Bad Request: can't parse entities: Unsupported start tag "${name}" at byte offset ${Buffer.byteLength(html.slice(0, i))}`,
        }
      if (m[1]) {
        if (stack.pop() !== name) return { error: `Bad Request: can't parse entities: Unmatched end tag "${name}"` }
      } else stack.push(name)
      i += m[0].length
    } else if (ch === "&") {
      const m = /^&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);/.exec(html.slice(i))
      if (!m)
        return {
          error: `Bad Request: can't parse entities: Character '&' is reserved at byte offset ${Buffer.byteLength(html.slice(0, i))}`,
        }
      const e = m[1]
      if (e.startsWith("#x")) plain += String.fromCodePoint(parseInt(e.slice(2), 16))
      else if (e.startsWith("#")) plain += String.fromCodePoint(parseInt(e.slice(1), 10))
      else if (ENTITIES[e] !== undefined) plain += ENTITIES[e]
      else return { error: `Bad Request: can't parse entities: Unsupported HTML entity "&${e};"` }
      i += m[0].length
    } else if (ch === ">") {
      plain += ">"
      i++
    } else {
      plain += ch
      i++
    }
  }
  if (stack.length > 0)
    return {
      error: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${stack.at(-1)}"`,
    }
  return { plain }
}

export async function startFakeTelegram(opts: TelegramFakeOptions = {}): Promise<FakeTelegram> {
  const initialToken = opts.botToken ?? "123456789:AAFakeTelegramBotToken_abcdefghijkl"
  const state = {
    botToken: initialToken,
    retryAfterSeconds: opts.retryAfterSeconds ?? 5,
    rateLimit: { count: 0, retryAfter: 0 },
    unknownChats: new Set(opts.unknownChats ?? []),
    blockedChats: new Set(opts.blockedChats ?? []),
    notMemberChats: new Set(opts.notMemberChats ?? []),
    migratedChats: new Map(Object.entries(opts.migratedChats ?? {})),
  }
  const messages: TelegramFakeMessage[] = []
  let nextMessageId = 1

  const fail = (code: number, description: string, parameters?: Record<string, unknown>): FakeReply => ({
    status: code,
    body: parameters
      ? { ok: false, error_code: code, description, parameters }
      : { ok: false, error_code: code, description },
  })
  const ok = (result: unknown): FakeReply => ({ status: 200, body: { ok: true, result } })

  const sendMessage = (b: any): FakeReply => {
    if (state.rateLimit.count > 0) {
      state.rateLimit.count--
      return fail(429, `Too Many Requests: retry after ${state.rateLimit.retryAfter}`, {
        retry_after: state.rateLimit.retryAfter,
      })
    }
    if (b?.chat_id === undefined || b.chat_id === null || b.chat_id === "")
      return fail(400, "Bad Request: chat_id is empty")
    const chat = String(b.chat_id)
    const migrated = state.migratedChats.get(chat)
    if (migrated)
      return fail(400, "Bad Request: group chat was upgraded to a supergroup chat", {
        migrate_to_chat_id: Number(migrated),
      })
    if (state.unknownChats.has(chat)) return fail(400, "Bad Request: chat not found")
    if (state.blockedChats.has(chat)) return fail(403, "Forbidden: bot was blocked by the user")
    if (state.notMemberChats.has(chat)) return fail(403, "Forbidden: bot is not a member of the supergroup chat")
    const text = typeof b.text === "string" ? b.text : ""
    let plain = text
    if (b.parse_mode === "HTML") {
      const parsed = parseTelegramHtml(text)
      if ("error" in parsed) return fail(400, parsed.error)
      plain = parsed.plain
    }
    if (plain.trim() === "") return fail(400, "Bad Request: message text is empty")
    if (plain.length > 4096) return fail(400, "Bad Request: message is too long")
    const m: TelegramFakeMessage = {
      message_id: nextMessageId++,
      chat_id: chat,
      text,
      plain,
      parse_mode: b.parse_mode ?? null,
      link_preview_disabled: b.link_preview_options?.is_disabled === true,
    }
    messages.push(m)
    return ok({
      message_id: m.message_id,
      date: Math.floor(Date.now() / 1000),
      chat: {
        id: Number(chat) || chat,
        type: chat.startsWith("-100") ? "supergroup" : chat.startsWith("-") ? "group" : "private",
      },
      text: plain,
    })
  }

  const handler = ({ req, mode }: FakeContext): FakeReply | null => {
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.path)
    if (!m) return fail(404, "Not Found")
    if (m[1] !== state.botToken) return fail(401, "Unauthorized")
    if (mode === "rate_limit")
      return fail(429, `Too Many Requests: retry after ${state.retryAfterSeconds}`, {
        retry_after: state.retryAfterSeconds,
      })
    const body = req.method === "GET" ? req.query : req.body
    switch (m[2]) {
      case "getMe":
        return ok({
          id: Number(state.botToken.split(":")[0]),
          is_bot: true,
          first_name: "Fake Shop Bot",
          username: "fake_shop_bot",
        })
      case "sendMessage":
        return sendMessage(body)
      default:
        return fail(404, "Not Found: method not found")
    }
  }

  const server = await startHttpFake({ name: "telegram", ...opts }, handler, () => {
    messages.length = 0
    state.botToken = initialToken
    state.rateLimit = { count: 0, retryAfter: 0 }
  })

  return extendFake<FakeTelegram>(server, {
    get botToken() {
      return state.botToken
    },
    set botToken(v: string) {
      state.botToken = v
    },
    get retryAfterSeconds() {
      return state.retryAfterSeconds
    },
    set retryAfterSeconds(v: number) {
      state.retryAfterSeconds = v
    },
    unknownChats: state.unknownChats,
    blockedChats: state.blockedChats,
    notMemberChats: state.notMemberChats,
    migratedChats: state.migratedChats,
    messages,
    messagesIn: (chatId: string | number) => messages.filter((x) => x.chat_id === String(chatId)),
    rateLimitNext(count: number, retryAfterSeconds: number) {
      state.rateLimit = { count, retryAfter: retryAfterSeconds }
    },
  })
}
