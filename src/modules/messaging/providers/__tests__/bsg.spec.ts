import { BsgProvider, isValidBsgOriginator, mapBsgStatus } from "../bsg"
import { bsgReference, messageIdFromReference } from "../bsg-reference"
import { ProviderConfigError, ProviderRequestError, WebhookAuthError } from "../errors"
import type { ExchangeEntry } from "../hooks"
import type { OutboundMessage } from "../types"
import { startFakeBsg, type FakeBsg } from "../../../../../test/fakes/bsg"

const API_KEY = "live_fakebsgkey0123456789"

function msg(n: number, over: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    id: `msg_01JABCDEFGHJKMNPQRSTVW${String(n).padStart(4, "0")}`,
    channel: "sms",
    to: `+38097200${String(n).padStart(4, "0")}`,
    text: "Order #1001 is shipped",
    ...over,
  }
}

describe("BSG adapter against the fake BSG server", () => {
  let fake: FakeBsg
  let provider: BsgProvider
  let exchanges: ExchangeEntry[]

  const make = (over: Record<string, unknown> = {}) =>
    new BsgProvider(
      { api_key: API_KEY, base_url: fake.url, sender: "MyShop", timeout_ms: 5000, ...over },
      { onExchange: (e) => exchanges.push(e) }
    )

  beforeAll(async () => {
    fake = await startFakeBsg({ apiKey: API_KEY, originators: ["MyShop", "MyViber"] })
  })
  afterAll(async () => {
    await fake.close()
  })
  beforeEach(() => {
    fake.reset()
    fake.invalidPhones.clear()
    fake.stringErrors = false
    fake.legacyTotalPrice = false
    exchanges = []
    provider = make()
  })
  afterEach(async () => {
    await provider.close()
  })

  it("validates the config and names the missing field", () => {
    expect(() => new BsgProvider({ base_url: fake.url })).toThrow(ProviderConfigError)
    expect(() => new BsgProvider({ base_url: fake.url })).toThrow(/"api_key"/)
    expect(() => new BsgProvider({ api_key: "k", base_url: "ftp://x" })).toThrow(/"base_url"/)
  })

  it("sends a single SMS with destination phone, digits-only msisdn and our reference", async () => {
    const m = msg(1)
    const [r] = await provider.send([m])
    expect(r).toMatchObject({ id: m.id, outcome: "accepted", cost: 0.23, currency: "EUR" })
    const req = fake.requests.find((q) => q.path === "/rest/sms/create")!
    expect(req.headers["x-api-key"]).toBe(API_KEY)
    expect(req.body).toMatchObject({
      destination: "phone",
      msisdn: "380972000001",
      originator: "MyShop",
      reference: bsgReference(m.id),
      validity: 72,
    })
    const stored = fake.messagesTo("380972000001")
    expect(stored).toHaveLength(1)
    expect((r as any).provider_message_id).toBe(stored[0].id)
  })

  it("uses destination phones for one text, individual for different texts, and splits above 50", async () => {
    const same = Array.from({ length: 3 }, (_, i) => msg(10 + i))
    const res1 = await provider.send(same)
    expect(res1.every((r) => r.outcome === "accepted")).toBe(true)
    expect(fake.requests.at(-1)!.body.destination).toBe("phones")

    const different = [msg(20, { text: "a" }), msg(21, { text: "b" })]
    await provider.send(different)
    expect(fake.requests.at(-1)!.body.destination).toBe("individual")

    fake.reset()
    const many = Array.from({ length: 120 }, (_, i) => msg(100 + i))
    const res = await provider.send(many)
    expect(res.map((r) => r.outcome)).toEqual(many.map(() => "accepted"))
    expect(res.map((r) => r.id)).toEqual(many.map((m) => m.id))
    const creates = fake.requests.filter((q) => q.path === "/rest/sms/create")
    expect(creates.map((q) => q.body.phones.length).sort((a: number, b: number) => b - a)).toEqual([50, 50, 20])
    expect(fake.messages.size).toBe(120)
  })

  it("maps per-recipient errors inside a batch and accepts legacy totalprice and string error codes", async () => {
    fake.invalidPhones.add("380972000031")
    fake.stringErrors = true
    fake.legacyTotalPrice = true
    const batch = [msg(30), msg(31), msg(32)]
    const res = await provider.send(batch)
    expect(res[0]).toMatchObject({ outcome: "accepted" })
    expect(res[1]).toMatchObject({ outcome: "rejected", kind: "invalid_recipient", code: "21" })
    expect(res[2]).toMatchObject({ outcome: "accepted" })
    expect(fake.messages.size).toBe(2)
  })

  it("sends the same phone twice in a batch in separate requests (BSG rejects duplicates in one)", async () => {
    const res = await provider.send([msg(40, { to: "380501112233" }), msg(41, { to: "380501112233", text: "other" })])
    expect(res.map((r) => r.outcome)).toEqual(["accepted", "accepted"])
    expect(fake.requests.filter((q) => q.path === "/rest/sms/create")).toHaveLength(2)
  })

  it("rejects bad senders locally and unregistered senders from BSG", async () => {
    const [local] = await provider.send([msg(50, { sender: "Way Too Long Sender" })])
    expect(local).toMatchObject({ outcome: "rejected", kind: "bad_sender" })
    expect(fake.requests).toHaveLength(0)
    const [remote] = await provider.send([msg(51, { sender: "Unknown" })])
    expect(remote).toMatchObject({ outcome: "rejected", kind: "bad_sender", code: "32" })
    expect(isValidBsgOriginator("MyShop")).toBe(true)
    expect(isValidBsgOriginator("380501234567")).toBe(true)
    expect(isValidBsgOriginator("AB")).toBe(false)
    expect(isValidBsgOriginator("1234567890123456")).toBe(false)
    expect(isValidBsgOriginator("My Shop")).toBe(false)
  })

  it("auth failure is account-level", async () => {
    const bad = make({ api_key: "live_wrongkey999999" })
    const [r] = await bad.send([msg(60)])
    await bad.close()
    expect(r).toMatchObject({ outcome: "rejected", kind: "auth", account_level: true })
    await expect(bad.balance()).rejects.toThrow(ProviderRequestError)
  })

  it("insufficient funds: HTTP 422 and error 8 are account-level", async () => {
    await fake.setMode("insufficient_funds")
    const [r] = await provider.send([msg(70)])
    expect(r).toMatchObject({ outcome: "rejected", kind: "insufficient_funds", account_level: true })
    await fake.setMode("ok")
    fake.balance = 0.1
    const [r2] = await provider.send([msg(71)])
    expect(r2).toMatchObject({ outcome: "rejected", kind: "insufficient_funds", code: "8", account_level: true })
    expect(fake.messages.size).toBe(0)
  })

  it("rate limit → retry with retry_after_ms", async () => {
    await fake.setMode("rate_limit")
    const [r] = await provider.send([msg(80)])
    expect(r).toMatchObject({ outcome: "retry", kind: "rate_limited", retry_after_ms: 2000 })
  })

  it("duplicate reference: the same id sent twice yields one message at BSG and accepted both times", async () => {
    const m = msg(90)
    const [first] = await provider.send([m])
    const [second] = await provider.send([m])
    expect(first.outcome).toBe("accepted")
    expect(second).toMatchObject({ outcome: "accepted", provider_message_id: (first as any).provider_message_id })
    expect(fake.acceptedCountByReference.get(bsgReference(m.id))).toBe(1)
    expect(fake.messages.size).toBe(1)
  })

  it("timeout after the request was written → retry maybe_accepted; the resend finds the first message", async () => {
    const m = msg(91)
    await fake.setMode("accept_then_timeout")
    const hanging = make({ timeout_ms: 300 }) // the fake never answers: a short deadline
    const [r] = await hanging.send([m])
    await hanging.close()
    expect(r).toMatchObject({ outcome: "retry", kind: "unavailable", code: "timeout", maybe_accepted: true })
    await fake.setMode("ok")
    const found = await provider.findByReference(m.id)
    expect(found).toMatchObject({ id: m.id, status: "sent" })
    const [again] = await provider.send([m])
    expect(again).toMatchObject({ outcome: "accepted", provider_message_id: found!.provider_message_id })
    expect(fake.acceptedCountByReference.get(bsgReference(m.id))).toBe(1)
  })

  it("Viber and omni: alt_route carries the SMS fallback; statuses come from the Viber endpoint", async () => {
    const viber = msg(110, {
      channel: "viber",
      sender: "MyViber",
      viber: { image_url: "https://x/i.png", button_caption: "Track", button_url: "https://x/t" },
    })
    const omni = msg(111, { channel: "omni", sender: "MyViber", fallback_text: "SMS text", fallback_sender: "MyShop" })
    const res = await provider.send([viber, omni])
    expect(res.map((r) => r.outcome)).toEqual(["accepted", "accepted"])
    const req = fake.requests.find((q) => q.path === "/rest/viber/create")!
    expect(req.body.validity).toBe(86400)
    expect(req.body.messages[0].options.viber).toEqual({
      img: "https://x/i.png",
      caption: "Track",
      action: "https://x/t",
    })
    expect(req.body.messages[1].options.viber.alt_route).toEqual({ originator: "MyShop", text: "SMS text" })
    const omniId = (res[1] as any).provider_message_id as string
    expect(omniId).toMatch(/^viber:/)

    fake.setStatus(bsgReference(omni.id), "undeliverable", "delivered")
    fake.setStatus(bsgReference(viber.id), "read")
    const reports = await provider.status([
      { id: viber.id, provider_message_id: (res[0] as any).provider_message_id },
      { id: omni.id, provider_message_id: omniId },
    ])
    expect(reports).toHaveLength(2)
    expect(reports[0]).toMatchObject({ id: viber.id, status: "read", channel: "viber" })
    expect(reports[1]).toMatchObject({ id: omni.id, status: "delivered", channel: "sms" })
    expect(reports[1].raw_status).toContain("undeliverable")
  })

  it("Viber duplicate reference (43) resolves to the earlier message", async () => {
    const m = msg(112, { channel: "viber", sender: "MyViber" })
    const [a] = await provider.send([m])
    const [b] = await provider.send([m])
    expect(b).toMatchObject({ outcome: "accepted", provider_message_id: (a as any).provider_message_id })
    expect(fake.acceptedCountByReference.get(bsgReference(m.id))).toBe(1)
  })

  it("maps status words and looks up by reference", async () => {
    const batch = [msg(120), msg(121), msg(122), msg(123)]
    const res = await provider.send(batch)
    const ids = res.map((r) => (r as any).provider_message_id as string)
    fake.setStatus(ids[0], "delivered")
    fake.setStatus(ids[1], "expired")
    fake.setStatus(ids[2], "rejected")
    fake.setStatus(ids[3], "scheduled")
    const reports = await provider.status(batch.map((m, i) => ({ id: m.id, provider_message_id: ids[i] })))
    expect(reports.map((r) => r.status)).toEqual(["delivered", "undelivered", "undelivered", "sent"])
    expect(reports[0]).toMatchObject({ raw_status: "delivered", cost: 0.23, currency: "EUR", channel: "sms" })
    expect(reports[0].occurred_at).toBeInstanceOf(Date)

    const byRef = await provider.status([{ id: batch[0].id }])
    expect(byRef[0]).toMatchObject({ id: batch[0].id, provider_message_id: ids[0], status: "delivered" })
    expect(await provider.findByReference("msg_01JNEVERSENT000000000000000")).toBeNull()
    expect(["scheduled", "sent", "unknown", "undeliverable", "read"].map(mapBsgStatus)).toEqual([
      "sent",
      "sent",
      "sent",
      "undelivered",
      "read",
    ])
  })

  it("status() throws when every lookup fails (provider down)", async () => {
    await fake.setMode("down")
    try {
      await expect(provider.status([{ id: "msg_x", provider_message_id: "1" }])).rejects.toThrow(/connection refused/)
      await expect(provider.findByReference("msg_x")).rejects.toThrow(ProviderRequestError)
    } finally {
      await fake.setMode("ok")
    }
  })

  it("balance: amount string may be negative, limit is the credit limit; prices parse", async () => {
    fake.balance = -0.2800005
    fake.creditLimit = 10
    expect(await provider.balance()).toEqual({ amount: -0.2800005, currency: "EUR", credit_limit: 10 })
    const prices = await provider.prices()
    expect(prices[0]).toEqual({ type: "sms", country: "UA", mcc: "255", price: 0.23, currency: "EUR" })
    await expect(provider.probe()).resolves.toBeUndefined()
  })

  it("has no webhooks (no signature to check)", async () => {
    await expect(
      provider.parseWebhook({
        url: "https://shop/hooks/messaging/bsg",
        method: "POST",
        headers: {},
        rawBody: "{}",
        body: {},
        query: {},
      })
    ).rejects.toBeInstanceOf(WebhookAuthError)
  })

  it("reference mapping: ULID ids keep their characters and reverse", () => {
    const id = "msg_01JABCDEFGHJKMNPQRSTVWXYZ0"
    const ref = bsgReference(id)
    expect(ref).toBe("msg01JABCDEFGHJKMNPQRSTVWXYZ0")
    expect(ref.length).toBeLessThanOrEqual(32)
    expect(messageIdFromReference(ref)).toBe(id)
    const long = "message_with_a_very_long_prefix_01JABCDEFGHJKMNPQRSTVWXYZ0"
    expect(bsgReference(long)).toMatch(/^[a-f0-9]{32}$/)
    expect(bsgReference(long)).toBe(bsgReference(long))
  })

  it("never leaks the API key into exchanges, results or errors", async () => {
    const seen: unknown[] = []
    await provider.send([msg(130), msg(131, { to: "123" })])
    await provider.balance()
    await fake.setMode("down")
    seen.push(await provider.send([msg(132)]))
    await provider.balance().catch((e) => seen.push(e.message, e.stack))
    await fake.setMode("ok")
    const bad = make({ api_key: "live_anotherwrongkey42" })
    seen.push(await bad.send([msg(133)]))
    await bad.balance().catch((e) => seen.push(e.message))
    await bad.close()
    const text = JSON.stringify([exchanges, seen])
    expect(exchanges.length).toBeGreaterThan(3)
    expect(text).not.toContain(API_KEY)
    expect(text).not.toContain("live_anotherwrongkey42")
    expect(JSON.stringify(exchanges[0].request_summary)).toContain("****")
  })
})
