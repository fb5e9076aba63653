/**
 * Fake TurboSMS API (see shared/reference/providers.md). `url` is the base_url.
 *
 * Every valid request answers HTTP 200 with {response_code, response_status,
 * response_result}; errors live in response_code, per-recipient rejections inside
 * the rows of an 800/802 answer. Token accepted as Bearer, Basic or `token` param.
 * Hybrid (sms + viber) sends are recorded as one message per recipient of type "hybrid".
 */
import { createHash } from "node:crypto"
import {
  startHttpFake,
  digits,
  extendFake,
  type FakeContext,
  type FakeReply,
  type FakeServer,
  type FakeServerOptions,
} from "./http-fake"

export type TurboStatus =
  | "Queued"
  | "Accepted"
  | "Sent"
  | "Delivered"
  | "Read"
  | "Undelivered"
  | "Rejected"
  | "Expired"
  | "Failed"
  | "Cancelled"

export interface TurboFakeMessage {
  message_id: string
  recipient: string
  type: "sms" | "viber" | "hybrid"
  sms: { sender: string; text: string } | null
  viber: Record<string, unknown> | null
  status: TurboStatus
  sent: string
  updated: string
}

export interface TurboSmsFakeOptions extends FakeServerOptions {
  token?: string
  balance?: number
  pricePerMessage?: number
  /** Allowed senders (SMS and Viber); empty = any non-empty sender. */
  senders?: string[]
  /** Numbers on the stop list → per-recipient 404. */
  stoplist?: string[]
  /** Numbers answered with per-recipient 305 INVALID_PHONE. */
  invalidPhones?: string[]
  /** Recipients per request above which the request fails with 405. */
  maxRecipients?: number
}

export interface FakeTurboSms extends FakeServer {
  token: string
  balance: number
  pricePerMessage: number
  senders: Set<string>
  stoplist: Set<string>
  invalidPhones: Set<string>
  /** When set, every request answers HTTP 200 with this response_code (e.g. 999, 505). */
  failCode: number | null
  readonly messages: Map<string, TurboFakeMessage>
  messagesTo(phone: string): TurboFakeMessage[]
  setStatus(messageId: string, status: TurboStatus): void
  /** A callback body as TurboSMS would post it, signed with sha1(secret + id). */
  buildCallback(secret: string, messageId: string, status?: TurboStatus): Record<string, unknown>
}

const STATUS_WORDS: Record<number, string> = {
  0: "OK",
  103: "REQUIRED_TOKEN",
  105: "REQUIRED_AUTH",
  200: "REQUIRED_MESSAGE_SENDER",
  201: "REQUIRED_MESSAGE_TEXT",
  202: "REQUIRED_MESSAGE_RECIPIENT",
  203: "REQUIRED_BALANCE",
  300: "INVALID_REQUEST",
  301: "INVALID_TOKEN",
  302: "INVALID_MESSAGE_SENDER",
  305: "INVALID_PHONE",
  400: "NOT_ALLOWED_MESSAGE_SENDER",
  404: "NOT_ALLOWED_NUMBER_STOPLIST",
  405: "NOT_ALLOWED_RECIPIENTS_LIMIT",
  407: "NOT_ALLOWED_RECIPIENT_DUPLICATE",
  413: "NOT_ALLOWED_MESSAGE_TEXT_LENGTH",
  414: "NOT_ALLOWED_MESSAGE_ID",
  500: "FAILED_SMS",
  505: "FAILED_SEND_MESSAGE",
  800: "SUCCESS_MESSAGE_ACCEPTED",
  802: "SUCCESS_MESSAGE_PARTIAL_ACCEPTED",
  999: "FATAL_ERROR",
}

export async function startFakeTurboSms(opts: TurboSmsFakeOptions = {}): Promise<FakeTurboSms> {
  const initial = {
    token: opts.token ?? "turbo-fake-token-0123456789abcdef",
    balance: opts.balance ?? 100,
    pricePerMessage: opts.pricePerMessage ?? 0.85,
  }
  const state = {
    ...initial,
    senders: new Set(opts.senders ?? []),
    stoplist: new Set((opts.stoplist ?? []).map(digits)),
    invalidPhones: new Set((opts.invalidPhones ?? []).map(digits)),
    failCode: null as number | null,
  }
  const maxRecipients = opts.maxRecipients ?? 1000
  const messages = new Map<string, TurboFakeMessage>()
  let seq = 1

  const answer = (code: number, result: unknown = null): FakeReply => ({
    status: 200,
    body: { response_code: code, response_status: STATUS_WORDS[code] ?? "ERROR", response_result: result },
  })
  const stamp = () => new Date().toISOString().replace("T", " ").slice(0, 19)
  const newId = () => {
    const n = (seq++).toString(16).padStart(12, "0")
    return `1cb60453-0000-4000-8000-${n}`
  }

  const tokenOf = (ctx: FakeContext): string | null => {
    const auth = ctx.req.headers.authorization
    if (typeof auth === "string") {
      const m = /^(Bearer|Basic)\s+(.+)$/i.exec(auth)
      if (m) return m[2]
    }
    const fromBody = ctx.req.body && typeof ctx.req.body === "object" ? ctx.req.body.token : undefined
    return (fromBody as string | undefined) ?? ctx.req.query.token ?? null
  }

  const senderError = (sender: unknown): number | null => {
    if (typeof sender !== "string" || sender === "") return 200
    if (!/^[\w .-]{1,11}$/.test(sender)) return 302
    if (state.senders.size > 0 && !state.senders.has(sender)) return 400
    return null
  }

  const send = (b: any): FakeReply => {
    const recipients: unknown[] = Array.isArray(b?.recipients) ? b.recipients : []
    if (recipients.length === 0) return answer(202)
    if (recipients.length > maxRecipients) return answer(405)
    const sms = b?.sms && typeof b.sms === "object" ? b.sms : null
    const viber = b?.viber && typeof b.viber === "object" ? b.viber : null
    if (!sms && !viber) return answer(201)
    for (const part of [sms, viber]) {
      if (!part) continue
      const se = senderError(part.sender)
      if (se) return answer(se)
      if (typeof part.text !== "string" || part.text === "") return answer(201)
    }
    if (viber?.ttl !== undefined && (viber.ttl < 60 || viber.ttl > 86400)) return answer(306)
    if (state.balance < recipients.length * state.pricePerMessage) return answer(203)
    const seen = new Set<string>()
    let rejected = 0
    const rows = recipients.map((r) => {
      const phone = digits(r)
      const row = (code: number, messageId: string | null = null) => ({
        phone,
        response_code: code,
        message_id: messageId,
        response_status: STATUS_WORDS[code] ?? "ERROR",
      })
      if (typeof r !== "string" || !/^\d{10,15}$/.test(r) || state.invalidPhones.has(phone))
        return (rejected++, row(305))
      if (seen.has(phone)) return (rejected++, row(407))
      seen.add(phone)
      if (state.stoplist.has(phone)) return (rejected++, row(404))
      const id = newId()
      messages.set(id, {
        message_id: id,
        recipient: phone,
        type: sms && viber ? "hybrid" : viber ? "viber" : "sms",
        sms: sms ? { sender: sms.sender, text: sms.text } : null,
        viber,
        status: "Accepted",
        sent: stamp(),
        updated: stamp(),
      })
      state.balance = Number((state.balance - state.pricePerMessage).toFixed(2))
      return row(0, id)
    })
    return answer(rejected > 0 ? 802 : 800, rows)
  }

  const handler = (ctx: FakeContext): FakeReply | null => {
    const { req, mode } = ctx
    if (mode === "rate_limit") return { status: 429, raw: "Too Many Requests", headers: { "Retry-After": "3" } }
    const token = tokenOf(ctx)
    if (!token) return answer(103)
    if (token !== state.token) return answer(301)
    if (state.failCode !== null) return answer(state.failCode)
    if (mode === "insufficient_funds") return answer(203)
    if (req.method !== "POST" && req.method !== "GET") return answer(300)
    const b = req.method === "GET" ? req.query : req.body
    switch (req.path) {
      case "/message/send.json":
        return send(b)
      case "/message/status.json": {
        const ids: unknown[] = Array.isArray(b?.messages) ? b.messages : []
        return answer(
          0,
          ids.map((id) => {
            const m = messages.get(String(id))
            if (!m) return { message_id: String(id), response_code: 414, response_status: STATUS_WORDS[414] }
            return {
              message_id: m.message_id,
              response_code: 0,
              response_status: "OK",
              recipient: m.recipient,
              sent: m.sent,
              updated: m.updated,
              status: m.status,
              type: m.type === "hybrid" ? "viber" : m.type,
            }
          })
        )
      }
      case "/user/balance.json":
        return answer(0, { balance: state.balance })
      default:
        return null
    }
  }

  const server = await startHttpFake({ name: "turbosms", ...opts }, handler, () => {
    messages.clear()
    state.balance = initial.balance
    state.token = initial.token
    state.pricePerMessage = initial.pricePerMessage
    state.failCode = null
  })

  return extendFake<FakeTurboSms>(server, {
    get token() {
      return state.token
    },
    set token(v: string) {
      state.token = v
    },
    get balance() {
      return state.balance
    },
    set balance(v: number) {
      state.balance = v
    },
    get pricePerMessage() {
      return state.pricePerMessage
    },
    set pricePerMessage(v: number) {
      state.pricePerMessage = v
    },
    get failCode() {
      return state.failCode
    },
    set failCode(v: number | null) {
      state.failCode = v
    },
    senders: state.senders,
    stoplist: state.stoplist,
    invalidPhones: state.invalidPhones,
    messages,
    messagesTo: (phone: string) => [...messages.values()].filter((m) => m.recipient === digits(phone)),
    setStatus(messageId: string, status: TurboStatus) {
      const m = messages.get(messageId)
      if (!m) throw new Error(`fake TurboSMS: no message ${messageId}`)
      m.status = status
      m.updated = stamp()
    },
    buildCallback(secret: string, messageId: string, status?: TurboStatus) {
      const m = messages.get(messageId)
      const id = `cb-${seq++}`
      return {
        id,
        signature: createHash("sha1")
          .update(secret + id)
          .digest("hex"),
        type: "message_status",
        date: stamp(),
        try: 1,
        data: JSON.stringify({
          message_id: messageId,
          status: status ?? m?.status ?? "Delivered",
          type: m?.type === "sms" ? "sms" : "viber",
          updated: stamp(),
        }),
      }
    },
  })
}
