/**
 * Fake BSG.World REST v1 (see shared/reference/providers.md). Served under /rest, so
 * `url` is the base_url to configure ("http://127.0.0.1:PORT/rest").
 *
 * Behaves like the real API where it is awkward:
 *  - HTTP 200 with errors in the body; `error` sometimes "0" (string) — knob `stringErrors`
 *  - per-message errors inside `result` without id/price; whole-request errors at top level
 *  - `total_price` or the older `totalprice` (knob `legacyTotalPrice`)
 *  - 401 {"code":401,"message":"API Key not found"}, 422 insufficient funds, 429 rate limit
 *  - unique `reference` per account: reuse → 23 (SMS) / 43 (Viber)
 *  - ≤ 50 phones per request (12), originator validation (25 format, 32 unregistered)
 *  - JSON accepted whatever the Content-Type says; create calls accept PUT or POST
 *  - 2-way replies: `GET /sms/2wayIncoming?start_date=…&end_date=…` ("Y-m-d H:i:s") lists
 *    {id, sender, recipient, message, time_received} as in BSG's OpenAPI example
 *    (sender = the 2-way sender replied to, recipient = the customer's number); error 35
 *    when the account has no 2-way service (knob `twoWay`)
 */
import {
  startHttpFake,
  digits,
  extendFake,
  type FakeContext,
  type FakeReply,
  type FakeServer,
  type FakeServerOptions,
} from "./http-fake"

export type BsgStatus =
  "scheduled" | "sent" | "delivered" | "expired" | "undeliverable" | "rejected" | "unknown" | "read"

export interface BsgFakeMessage {
  id: string
  channel: "sms" | "viber"
  msisdn: string
  originator: string
  body: string
  reference: string
  status: BsgStatus
  price: number
  task_id: string | null
  time_in: string
  /** Viber with alt_route: the SMS fallback leg. */
  alt_route: { originator: string; text: string; id: string; status: BsgStatus } | null
}

export interface BsgFakeOptions extends FakeServerOptions {
  apiKey?: string
  /** Account balance (EUR). Sending below -creditLimit → error 8. */
  balance?: number
  creditLimit?: number
  currency?: string
  pricePerMessage?: number
  /** Registered originators; empty/undefined = any well-formed originator is accepted. */
  originators?: string[]
  /** Phones answered with 21 (SMS) / 41 (Viber) "invalid MSISDN". */
  invalidPhones?: string[]
  /** Answer errors as strings ("0", "21") like some BSG versions do. */
  stringErrors?: boolean
  /** Batch answers spell the total `totalprice` (older API) instead of `total_price`. */
  legacyTotalPrice?: boolean
  /** Reject a reused reference (true, like BSG). */
  enforceUniqueReferences?: boolean
  /** The account has BSG's 2-way SMS service (replies can be listed); default true. */
  twoWay?: boolean
}

export interface BsgFakeIncoming {
  id: number
  sender: string
  recipient: string
  message: string
  time_received: string
}

export interface FakeBsg extends FakeServer {
  apiKey: string
  balance: number
  creditLimit: number
  pricePerMessage: number
  originators: Set<string>
  invalidPhones: Set<string>
  stringErrors: boolean
  legacyTotalPrice: boolean
  readonly messages: Map<string, BsgFakeMessage>
  /** How many times each reference was accepted (must stay ≤ 1 with unique references). */
  readonly acceptedCountByReference: Map<string, number>
  /** Messages accepted for a phone. */
  messagesTo(msisdn: string): BsgFakeMessage[]
  /** Drive delivery: set the status of a message (by id or reference); optionally the SMS fallback leg. */
  setStatus(idOrReference: string, status: BsgStatus, altRouteStatus?: BsgStatus): void
  twoWay: boolean
  readonly incoming: BsgFakeIncoming[]
  /** A customer replies from `msisdn` (to the sender of the last message to that number, else `to`). */
  receiveReply(msisdn: string, text: string, opts?: { to?: string; at?: Date }): BsgFakeIncoming
}

const MAX_BATCH = 50

export async function startFakeBsg(opts: BsgFakeOptions = {}): Promise<FakeBsg> {
  const initial = {
    apiKey: opts.apiKey ?? "live_fakebsgkey0123456789",
    balance: opts.balance ?? 100,
    creditLimit: opts.creditLimit ?? 0,
    pricePerMessage: opts.pricePerMessage ?? 0.23,
  }
  const messages = new Map<string, BsgFakeMessage>()
  const byReference = new Map<string, BsgFakeMessage>()
  const acceptedCountByReference = new Map<string, number>()
  let nextId = 200
  let nextTask = 1
  const currency = opts.currency ?? "EUR"

  const state = {
    apiKey: initial.apiKey,
    balance: initial.balance,
    creditLimit: initial.creditLimit,
    pricePerMessage: initial.pricePerMessage,
    originators: new Set(opts.originators ?? []),
    invalidPhones: new Set((opts.invalidPhones ?? []).map(digits)),
    stringErrors: opts.stringErrors ?? false,
    legacyTotalPrice: opts.legacyTotalPrice ?? false,
    twoWay: opts.twoWay ?? true,
  }
  const incoming: BsgFakeIncoming[] = []
  let nextIncoming = 1
  const enforceUnique = opts.enforceUniqueReferences ?? true

  const err = (code: number) => (state.stringErrors ? String(code) : code)
  const ok = () => err(0)
  const money = (n: number) => Number(n.toFixed(7))
  const now = () => new Date().toISOString().replace("T", " ").slice(0, 19)

  const originatorError = (originator: unknown): number | null => {
    if (typeof originator !== "string" || originator === "") return 25
    if (!(/^\d{1,15}$/.test(originator) || /^[A-Za-z0-9]{3,11}$/.test(originator))) return 25
    if (state.originators.size > 0 && !state.originators.has(originator)) return 32
    return null
  }
  const descriptions: Record<number, string> = {
    0: "No errors",
    2: "Not enough parameters",
    1: "Invalid API key",
    8: "Not enough money",
    12: "Too many phones in one request",
    21: "Invalid MSISDN",
    22: "Reference missing",
    23: "External ID already exists",
    24: "Empty phones",
    25: "Invalid originator",
    26: "Empty body",
    27: "Invalid reference",
    31: "MSISDN repeated in the request",
    32: "Originator not registered",
    41: "Invalid MSISDN",
    43: "External ID already exists",
    45: "Unregistered sender",
    46: "Invalid text",
    51: "Duplicate phone",
  }
  const topError = (code: number): FakeReply => ({
    status: 200,
    body: { error: err(code), errorDescription: descriptions[code] ?? "Error" },
  })
  const itemError = (code: number, reference: unknown) => ({
    error: err(code),
    errorDescription: descriptions[code] ?? "Error",
    reference: reference ?? null,
  })

  const canAfford = (n: number) => state.balance - n * state.pricePerMessage >= -state.creditLimit

  const accept = (
    channel: "sms" | "viber",
    msisdn: string,
    originator: string,
    body: string,
    reference: string,
    taskId: string | null,
    alt: { originator: string; text: string } | null
  ) => {
    const id = String(nextId++)
    const m: BsgFakeMessage = {
      id,
      channel,
      msisdn,
      originator,
      body,
      reference,
      status: "sent",
      price: state.pricePerMessage,
      task_id: taskId,
      time_in: now(),
      alt_route: alt ? { ...alt, id: String(nextId++), status: "scheduled" } : null,
    }
    messages.set(id, m)
    byReference.set(reference, m)
    acceptedCountByReference.set(reference, (acceptedCountByReference.get(reference) ?? 0) + 1)
    state.balance = money(state.balance - state.pricePerMessage)
    return { error: ok(), errorDescription: "No errors", reference, id, price: state.pricePerMessage, currency }
  }

  /** Validate one recipient; returns an error code or null. */
  const recipientError = (
    channel: "sms" | "viber",
    msisdn: string,
    reference: unknown,
    seenPhones: Set<string>,
    seenRefs: Set<string>
  ): number | null => {
    if (reference === undefined || reference === null || reference === "") return 22
    if (typeof reference !== "string" || !/^[A-Za-z0-9]{1,32}$/.test(reference)) return 27
    if (!/^[1-9]\d{6,14}$/.test(msisdn) || state.invalidPhones.has(msisdn)) return channel === "sms" ? 21 : 41
    if (seenPhones.has(msisdn)) return channel === "sms" ? 31 : 51
    if ((enforceUnique && byReference.has(reference)) || seenRefs.has(reference)) return channel === "sms" ? 23 : 43
    return null
  }

  const smsCreate = (b: any): FakeReply => {
    const destination = b?.destination
    if (destination === "phone") {
      const oe = originatorError(b.originator)
      if (oe) return topError(oe)
      if (typeof b.body !== "string" || b.body === "") return topError(26)
      if (!canAfford(1)) return topError(8)
      const msisdn = digits(b.msisdn)
      const e = recipientError("sms", msisdn, b.reference, new Set(), new Set())
      if (e) return { status: 200, body: { result: itemError(e, b.reference) } }
      return { status: 200, body: { result: accept("sms", msisdn, b.originator, b.body, b.reference, null, null) } }
    }
    if (destination !== "phones" && destination !== "individual") return topError(7)
    const phones: any[] = Array.isArray(b.phones) ? b.phones : []
    if (phones.length === 0) return topError(24)
    if (phones.length > MAX_BATCH) return topError(12)
    if (destination === "phones") {
      const oe = originatorError(b.originator)
      if (oe) return topError(oe)
      if (typeof b.body !== "string" || b.body === "") return topError(26)
    }
    if (!canAfford(phones.length)) return topError(8)
    const taskId = String(nextTask++)
    const seenPhones = new Set<string>()
    const seenRefs = new Set<string>()
    let total = 0
    const result = phones.map((p) => {
      const msisdn = digits(p?.msisdn)
      const originator = destination === "phones" ? b.originator : p?.originator
      const text = destination === "phones" ? b.body : p?.body
      if (destination === "individual") {
        const oe = originatorError(originator)
        if (oe) return itemError(oe, p?.reference)
        if (typeof text !== "string" || text === "") return itemError(26, p?.reference)
      }
      const e = recipientError("sms", msisdn, p?.reference, seenPhones, seenRefs)
      seenPhones.add(msisdn)
      if (typeof p?.reference === "string") seenRefs.add(p.reference)
      if (e) return itemError(e, p?.reference)
      total += state.pricePerMessage
      return accept("sms", msisdn, originator, text, p.reference, taskId, null)
    })
    const totalKey = state.legacyTotalPrice ? "totalprice" : "total_price"
    return { status: 200, body: { task_id: taskId, result, [totalKey]: money(total), currency } }
  }

  const viberCreate = (b: any): FakeReply => {
    const list: any[] = Array.isArray(b?.messages) ? b.messages : []
    const recipients = list.reduce((n, m) => n + (Array.isArray(m?.to) ? m.to.length : 0), 0)
    if (recipients === 0) return topError(24)
    if (recipients > MAX_BATCH) return topError(12)
    if (!canAfford(recipients)) return topError(8)
    const seenPhones = new Set<string>()
    const seenRefs = new Set<string>()
    const result: unknown[] = []
    let total = 0
    for (const m of list) {
      const alpha = m?.alpha_name
      const text = m?.text
      const alt = m?.options?.viber?.alt_route
      for (const to of Array.isArray(m?.to) ? m.to : []) {
        if (
          typeof alpha !== "string" ||
          alpha === "" ||
          (state.originators.size > 0 && !state.originators.has(alpha))
        ) {
          result.push(itemError(45, to?.reference))
          continue
        }
        if (typeof text !== "string" || text === "") {
          result.push(itemError(46, to?.reference))
          continue
        }
        if (alt && originatorError(alt.originator)) {
          result.push(itemError(45, to?.reference))
          continue
        }
        const msisdn = digits(to?.msisdn)
        const e = recipientError("viber", msisdn, to?.reference, seenPhones, seenRefs)
        seenPhones.add(msisdn)
        if (typeof to?.reference === "string") seenRefs.add(to.reference)
        if (e) {
          result.push(itemError(e, to?.reference))
          continue
        }
        total += state.pricePerMessage
        result.push(
          accept(
            "viber",
            msisdn,
            alpha,
            text,
            to.reference,
            null,
            alt ? { originator: alt.originator, text: alt.text ?? text } : null
          )
        )
      }
    }
    const totalKey = state.legacyTotalPrice ? "totalprice" : "total_price"
    return { status: 200, body: { result, [totalKey]: money(total), currency } }
  }

  const statusDoc = (m: BsgFakeMessage) => {
    const doc: Record<string, unknown> = {
      error: ok(),
      errorDescription: "No errors",
      id: m.id,
      msisdn: m.msisdn,
      reference: m.reference,
      time_in: m.time_in,
      time_sent: m.status === "scheduled" ? null : m.time_in,
      time_dr: ["delivered", "read", "expired", "undeliverable", "rejected"].includes(m.status) ? now() : null,
      status: m.status,
      price: m.price,
      currency,
    }
    if (m.alt_route) doc.alt_route = [{ channel: "sms", id: m.alt_route.id, status: m.alt_route.status }]
    return doc
  }
  const notFound: FakeReply = { status: 404, body: { code: 404, message: "Message not found" } }

  const handler = ({ req, mode }: FakeContext): FakeReply | null => {
    if (req.headers["x-api-key"] !== state.apiKey)
      return { status: 401, body: { code: 401, message: "API Key not found" } }
    if (mode === "rate_limit")
      return {
        status: 429,
        body: { code: 429, message: "Too many duplicate request detected" },
        headers: { "Retry-After": "2" },
      }
    const path = req.path.replace(/^\/rest/, "")
    const isCreate = req.method === "POST" || req.method === "PUT"
    if (mode === "insufficient_funds" && isCreate && /\/create$/.test(path)) {
      return { status: 422, body: { message: "Insufficient funds", errors: [] } }
    }
    if (isCreate && path === "/sms/create") return smsCreate(req.body)
    if (isCreate && path === "/viber/create") return viberCreate(req.body)
    if (req.method === "POST" && path === "/sms/getStatus") {
      const ids: unknown[] = Array.isArray(req.body?.ids) ? req.body.ids : []
      return {
        status: 200,
        body: {
          error: ok(),
          result: ids
            .map((id) => messages.get(String(id)))
            .filter(Boolean)
            .map((m) => statusDoc(m!)),
        },
      }
    }
    if (req.method !== "GET") return null
    if (path === "/sms/2wayIncoming") {
      if (!state.twoWay)
        return {
          status: 200,
          body: { error: err(35), errorDescription: "2way SMS service is inactive", result: [], total_count: 0 },
        }
      const { start_date: from, end_date: to } = req.query
      const stamp = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/
      if (!stamp.test(from ?? "") || !stamp.test(to ?? "")) return topError(2)
      const result = incoming.filter((i) => i.time_received >= from && i.time_received <= to)
      return { status: 200, body: { error: ok(), errorDescription: "No errors", result, total_count: result.length } }
    }
    if (path === "/common/balance") {
      return {
        status: 200,
        body: {
          error: ok(),
          errorDescription: "No errors",
          amount: state.balance.toFixed(7),
          currency,
          limit: String(state.creditLimit),
        },
      }
    }
    const prices = /^\/sms\/prices(?:\/(\d+))?$/.exec(path)
    if (prices) {
      return {
        status: 200,
        body: {
          error: ok(),
          prices: [
            { type: "sms", country: "UA", mcc: "255", price: state.pricePerMessage.toFixed(7), currency },
            { type: "sms", country: "PL", mcc: "260", price: "0.0400000", currency },
          ],
        },
      }
    }
    let m: RegExpExecArray | null
    if ((m = /^\/(sms|viber)\/reference\/([^/]+)$/.exec(path))) {
      const msg = byReference.get(decodeURIComponent(m[2]))
      return msg && msg.channel === m[1] ? { status: 200, body: statusDoc(msg) } : notFound
    }
    if ((m = /^\/sms\/task\/([^/]+)$/.exec(path))) {
      const list = [...messages.values()].filter((x) => x.task_id === m![1])
      return list.length ? { status: 200, body: { error: ok(), task_id: m[1], result: list.map(statusDoc) } } : notFound
    }
    if ((m = /^\/(sms|viber)\/([^/]+)$/.exec(path))) {
      const msg = messages.get(decodeURIComponent(m[2]))
      return msg && msg.channel === m[1] ? { status: 200, body: statusDoc(msg) } : notFound
    }
    return null
  }

  const server = await startHttpFake(
    { name: "bsg", ...opts },
    handler,
    () => {
      messages.clear()
      byReference.clear()
      acceptedCountByReference.clear()
      state.balance = initial.balance
      state.apiKey = initial.apiKey
      state.creditLimit = initial.creditLimit
      state.pricePerMessage = initial.pricePerMessage
      state.twoWay = opts.twoWay ?? true
      incoming.length = 0
    },
    "/rest"
  )

  return extendFake<FakeBsg>(server, {
    get apiKey() {
      return state.apiKey
    },
    set apiKey(v: string) {
      state.apiKey = v
    },
    get balance() {
      return state.balance
    },
    set balance(v: number) {
      state.balance = v
    },
    get creditLimit() {
      return state.creditLimit
    },
    set creditLimit(v: number) {
      state.creditLimit = v
    },
    get pricePerMessage() {
      return state.pricePerMessage
    },
    set pricePerMessage(v: number) {
      state.pricePerMessage = v
    },
    originators: state.originators,
    invalidPhones: state.invalidPhones,
    get stringErrors() {
      return state.stringErrors
    },
    set stringErrors(v: boolean) {
      state.stringErrors = v
    },
    get legacyTotalPrice() {
      return state.legacyTotalPrice
    },
    set legacyTotalPrice(v: boolean) {
      state.legacyTotalPrice = v
    },
    get twoWay() {
      return state.twoWay
    },
    set twoWay(v: boolean) {
      state.twoWay = v
    },
    incoming,
    receiveReply(msisdn: string, text: string, o: { to?: string; at?: Date } = {}) {
      const phone = digits(msisdn)
      const last = [...messages.values()].filter((x) => x.msisdn === phone).pop()
      const reply: BsgFakeIncoming = {
        id: nextIncoming++,
        sender: o.to ?? last?.originator ?? "BSG",
        recipient: phone,
        message: text,
        time_received: (o.at ?? new Date()).toISOString().replace("T", " ").slice(0, 19),
      }
      incoming.push(reply)
      return reply
    },
    messages,
    acceptedCountByReference,
    messagesTo: (msisdn: string) => [...messages.values()].filter((x) => x.msisdn === digits(msisdn)),
    setStatus(idOrReference: string, status: BsgStatus, altRouteStatus?: BsgStatus) {
      const msg = messages.get(idOrReference) ?? byReference.get(idOrReference)
      if (!msg) throw new Error(`fake BSG: no message ${idOrReference}`)
      msg.status = status
      if (altRouteStatus && msg.alt_route) msg.alt_route.status = altRouteStatus
    },
  })
}
