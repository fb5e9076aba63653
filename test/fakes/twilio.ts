/**
 * Fake Twilio Messaging API (see shared/reference/providers.md). `url` is the base_url.
 *
 *  POST /2010-04-01/Accounts/{sid}/Messages.json   form-encoded, Basic auth → 201
 *  GET  /2010-04-01/Accounts/{sid}/Messages/{MessageSid}.json
 *  GET  /2010-04-01/Accounts/{sid}.json, /Accounts/{sid}/Balance.json
 * Errors as {"code","message","more_info","status"}. `sendStatusCallback` posts a
 * signed status callback (X-Twilio-Signature) to the message's StatusCallback URL.
 */
import { createHmac, randomBytes } from "node:crypto"
import {
  startHttpFake,
  extendFake,
  type FakeContext,
  type FakeReply,
  type FakeServer,
  type FakeServerOptions,
} from "./http-fake"

export type TwilioStatus = "accepted" | "queued" | "sending" | "sent" | "delivered" | "undelivered" | "failed" | "read"

export interface TwilioFakeMessage {
  sid: string
  to: string
  from: string | null
  messaging_service_sid: string | null
  body: string
  status: TwilioStatus
  status_callback: string | null
  error_code: number | null
  num_segments: number
  date_created: string
  date_updated: string
  price: string | null
}

export interface TwilioFakeOptions extends FakeServerOptions {
  accountSid?: string
  authToken?: string
  /** Numbers/alphanumeric IDs accepted as From. */
  fromNumbers?: string[]
  messagingServiceSids?: string[]
  balance?: number
  /** → 21211 "not a valid phone number" */
  invalidPhones?: string[]
  /** → 21614 "not a mobile number" */
  landlines?: string[]
  /** → 21610 "unsubscribed" (replied STOP) */
  unsubscribed?: string[]
  /** Account status: "active" | "suspended" | "closed"; suspended → 20005 on send. */
  accountStatus?: string
}

export interface FakeTwilio extends FakeServer {
  accountSid: string
  authToken: string
  balance: number
  accountStatus: string
  fromNumbers: Set<string>
  invalidPhones: Set<string>
  landlines: Set<string>
  unsubscribed: Set<string>
  readonly messages: Map<string, TwilioFakeMessage>
  setStatus(sid: string, status: TwilioStatus, errorCode?: number | null): void
  /** Updates the message and POSTs a signed status callback to its StatusCallback URL; resolves with the HTTP status. */
  sendStatusCallback(sid: string, status: TwilioStatus, errorCode?: number | null): Promise<number>
  /** Form params + signature of an inbound SMS webhook for `url` (for tests that call the route directly). */
  signedInbound(
    url: string,
    from: string,
    to: string,
    body: string
  ): { params: Record<string, string>; signature: string }
  /** The signature Twilio would put on a request to `url` with these params. */
  sign(url: string, params: Record<string, string>): string
}

const more = (code: number) => `https://www.twilio.com/docs/errors/${code}`

export async function startFakeTwilio(opts: TwilioFakeOptions = {}): Promise<FakeTwilio> {
  const initial = {
    accountSid: opts.accountSid ?? "AC00000000000000000000000000000001",
    authToken: opts.authToken ?? "fake-twilio-auth-token-0123456789",
    balance: opts.balance ?? 20,
    accountStatus: opts.accountStatus ?? "active",
  }
  const state = {
    ...initial,
    fromNumbers: new Set(opts.fromNumbers ?? ["+15005550006"]),
    messagingServiceSids: new Set(opts.messagingServiceSids ?? ["MG00000000000000000000000000000001"]),
    invalidPhones: new Set(opts.invalidPhones ?? []),
    landlines: new Set(opts.landlines ?? []),
    unsubscribed: new Set(opts.unsubscribed ?? []),
  }
  const messages = new Map<string, TwilioFakeMessage>()

  const error = (status: number, code: number, message: string, headers?: Record<string, string>): FakeReply => ({
    status,
    body: { code, message, more_info: more(code), status },
    headers,
  })
  const rfc2822 = () => new Date().toUTCString().replace("GMT", "+0000")
  const sign = (url: string, params: Record<string, string>) => {
    let data = url
    for (const k of Object.keys(params).sort()) data += k + params[k]
    return createHmac("sha1", state.authToken).update(data, "utf8").digest("base64")
  }
  const resource = (m: TwilioFakeMessage) => ({
    sid: m.sid,
    account_sid: state.accountSid,
    to: m.to,
    from: m.from,
    messaging_service_sid: m.messaging_service_sid,
    body: m.body,
    status: m.status,
    num_segments: String(m.num_segments),
    num_media: "0",
    direction: "outbound-api",
    api_version: "2010-04-01",
    price: m.price,
    price_unit: "USD",
    error_code: m.error_code,
    error_message: m.error_code ? `Error ${m.error_code}` : null,
    date_created: m.date_created,
    date_updated: m.date_updated,
    date_sent: m.status === "queued" || m.status === "accepted" ? null : m.date_updated,
    uri: `/2010-04-01/Accounts/${state.accountSid}/Messages/${m.sid}.json`,
  })

  const create = (form: Record<string, string>): FakeReply => {
    if (state.accountStatus !== "active") return error(401, 20005, "Account not active")
    const to = form.To ?? ""
    if (!to) return error(400, 21604, "A 'To' phone number is required.")
    if (!/^\+[1-9]\d{6,14}$/.test(to) || state.invalidPhones.has(to))
      return error(400, 21211, `The 'To' number ${to} is not a valid phone number.`)
    if (state.landlines.has(to)) return error(400, 21614, `'To' number ${to} is not a valid mobile number`)
    if (state.unsubscribed.has(to)) return error(400, 21610, "Attempt to send to unsubscribed recipient")
    const from = form.From ?? null
    const mss = form.MessagingServiceSid ?? null
    if (!from && !mss)
      return error(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.")
    if (from && !state.fromNumbers.has(from))
      return error(
        400,
        21212,
        `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`
      )
    if (mss && !state.messagingServiceSids.has(mss))
      return error(400, 21703, "The Messaging Service does not exist or is not accessible.")
    const body = form.Body ?? ""
    if (!body) return error(400, 21602, "Message body is required.")
    if (body.length > 1600) return error(400, 21617, "The concatenated message body exceeds the 1600 character limit.")
    const sid = `SM${randomBytes(16).toString("hex")}`
    const now = rfc2822()
    // eslint-disable-next-line no-control-regex -- "not ASCII" spans the control range
    const ucs2 = /[^\x00-\x7f]/.test(body)
    const per = ucs2 ? (body.length > 70 ? 67 : 70) : body.length > 160 ? 153 : 160
    const m: TwilioFakeMessage = {
      sid,
      to,
      from: from ?? null,
      messaging_service_sid: mss,
      body,
      status: mss ? "accepted" : "queued",
      status_callback: form.StatusCallback ?? null,
      error_code: null,
      num_segments: Math.max(1, Math.ceil(body.length / per)),
      date_created: now,
      date_updated: now,
      price: null,
    }
    messages.set(sid, m)
    state.balance = Number((state.balance - 0.0079 * m.num_segments).toFixed(4))
    return { status: 201, body: resource(m) }
  }

  const handler = ({ req, mode }: FakeContext): FakeReply | null => {
    const auth = req.headers.authorization ?? ""
    const m = /^Basic\s+(.+)$/i.exec(auth)
    const decoded = m ? Buffer.from(m[1], "base64").toString("utf8") : ""
    if (decoded !== `${state.accountSid}:${state.authToken}`) return error(401, 20003, "Authenticate")
    if (mode === "rate_limit") return error(429, 20429, "Too Many Requests", { "Retry-After": "1" })
    const base = `/2010-04-01/Accounts/${state.accountSid}`
    if (!req.path.startsWith(base)) return error(404, 20404, `The requested resource ${req.path} was not found`)
    const rest = req.path.slice(base.length)
    if (req.method === "POST" && rest === "/Messages.json") {
      if (mode === "insufficient_funds") return error(401, 20005, "Account not active")
      const form = typeof req.body === "object" && req.body !== null ? (req.body as Record<string, string>) : {}
      if (!String(req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded")) {
        return error(400, 21609, "Invalid request: expected form-encoded parameters")
      }
      return create(form)
    }
    if (req.method !== "GET") return error(405, 20004, "Method not allowed")
    if (rest === ".json") {
      return {
        status: 200,
        body: { sid: state.accountSid, friendly_name: "Fake account", status: state.accountStatus, type: "Full" },
      }
    }
    if (rest === "/Balance.json")
      return {
        status: 200,
        body: { account_sid: state.accountSid, balance: state.balance.toFixed(5), currency: "USD" },
      }
    const msg = /^\/Messages\/([^/]+)\.json$/.exec(rest)
    if (msg) {
      const found = messages.get(msg[1])
      return found
        ? { status: 200, body: resource(found) }
        : error(404, 20404, `The requested resource ${req.path} was not found`)
    }
    return error(404, 20404, `The requested resource ${req.path} was not found`)
  }

  const server = await startHttpFake({ name: "twilio", ...opts }, handler, () => {
    messages.clear()
    Object.assign(state, initial)
  })

  const setStatus = (sid: string, status: TwilioStatus, errorCode: number | null = null) => {
    const m = messages.get(sid)
    if (!m) throw new Error(`fake Twilio: no message ${sid}`)
    m.status = status
    m.error_code = errorCode
    m.date_updated = rfc2822()
    if (status === "sent" || status === "delivered") m.price = (-0.0079 * m.num_segments).toFixed(5)
  }

  return extendFake<FakeTwilio>(server, {
    get accountSid() {
      return state.accountSid
    },
    set accountSid(v: string) {
      state.accountSid = v
    },
    get authToken() {
      return state.authToken
    },
    set authToken(v: string) {
      state.authToken = v
    },
    get balance() {
      return state.balance
    },
    set balance(v: number) {
      state.balance = v
    },
    get accountStatus() {
      return state.accountStatus
    },
    set accountStatus(v: string) {
      state.accountStatus = v
    },
    fromNumbers: state.fromNumbers,
    invalidPhones: state.invalidPhones,
    landlines: state.landlines,
    unsubscribed: state.unsubscribed,
    messages,
    setStatus,
    sign,
    async sendStatusCallback(sid: string, status: TwilioStatus, errorCode: number | null = null) {
      setStatus(sid, status, errorCode)
      const m = messages.get(sid)!
      if (!m.status_callback) throw new Error(`fake Twilio: message ${sid} has no StatusCallback`)
      const params: Record<string, string> = {
        AccountSid: state.accountSid,
        ApiVersion: "2010-04-01",
        From: m.from ?? "",
        MessageSid: sid,
        MessageStatus: status,
        SmsSid: sid,
        SmsStatus: status,
        To: m.to,
      }
      if (errorCode) params.ErrorCode = String(errorCode)
      const res = await fetch(m.status_callback, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "X-Twilio-Signature": sign(m.status_callback, params),
        },
        body: new URLSearchParams(params).toString(),
      })
      await res.arrayBuffer()
      return res.status
    },
    signedInbound(url: string, from: string, to: string, body: string) {
      const params: Record<string, string> = {
        AccountSid: state.accountSid,
        ApiVersion: "2010-04-01",
        Body: body,
        From: from,
        MessageSid: `SM${randomBytes(16).toString("hex")}`,
        NumMedia: "0",
        NumSegments: "1",
        SmsStatus: "received",
        To: to,
      }
      return { params, signature: sign(url, params) }
    },
  })
}
