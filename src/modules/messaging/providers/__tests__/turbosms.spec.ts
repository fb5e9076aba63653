import { TurboSmsProvider, mapTurboSmsStatus, turboSmsCallbackSignature } from "../turbosms"
import { ProviderConfigError, WebhookAuthError } from "../errors"
import type { ExchangeEntry } from "../hooks"
import type { OutboundMessage, WebhookRequest } from "../types"
import { startFakeTurboSms, type FakeTurboSms } from "../../../../../test/fakes/turbosms"

const TOKEN = "turbo-fake-token-0123456789abcdef"
const SECRET = "turbo-callback-secret-42"

function msg(n: number, over: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    id: `msg_T${n}`,
    channel: "sms",
    to: `+380 67 899 ${String(n).padStart(4, "0")}`,
    text: "Ваше замовлення відправлено",
    ...over,
  }
}

function hook(body: Record<string, unknown>): WebhookRequest {
  return {
    url: "https://shop.example/hooks/messaging/turbosms",
    method: "POST",
    headers: {},
    rawBody: JSON.stringify(body),
    body,
    query: {},
  }
}

describe("TurboSMS adapter against the fake TurboSMS server", () => {
  let fake: FakeTurboSms
  let provider: TurboSmsProvider
  let exchanges: ExchangeEntry[]
  const make = (over: Record<string, unknown> = {}) =>
    new TurboSmsProvider(
      {
        token: TOKEN,
        base_url: fake.url,
        sender: "MyShop",
        viber_sender: "MyShopV",
        callback_secret: SECRET,
        timeout_ms: 5000,
        ...over,
      },
      { onExchange: (e) => exchanges.push(e) }
    )

  beforeAll(async () => {
    fake = await startFakeTurboSms({ token: TOKEN, senders: ["MyShop", "MyShopV"] })
  })
  afterAll(() => fake.close())
  beforeEach(() => {
    fake.reset()
    fake.stoplist.clear()
    fake.invalidPhones.clear()
    exchanges = []
    provider = make()
  })
  afterEach(() => provider.close())

  it("requires a token", () => {
    expect(() => new TurboSmsProvider({ sender: "x" })).toThrow(ProviderConfigError)
    expect(() => new TurboSmsProvider({ sender: "x" })).toThrow(/"token"/)
  })

  it("sends one request for the same text to many recipients, Bearer token, digits only", async () => {
    const batch = [msg(1), msg(2), msg(3)]
    const res = await provider.send(batch)
    expect(res.map((r) => r.outcome)).toEqual(["accepted", "accepted", "accepted"])
    expect(fake.requests).toHaveLength(1)
    const req = fake.requests[0]
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(req.body).toEqual({
      recipients: ["380678990001", "380678990002", "380678990003"],
      sms: { sender: "MyShop", text: batch[0].text },
    })
    for (let i = 0; i < 3; i++) {
      const stored = fake.messagesTo(`380678990${String(i + 1).padStart(3, "0")}`)
      expect((res[i] as any).provider_message_id).toBe(stored[0].message_id)
    }
  })

  it("different texts go in separate requests", async () => {
    await provider.send([msg(1, { text: "a" }), msg(2, { text: "b" })])
    expect(fake.requests).toHaveLength(2)
  })

  it("viber-only and hybrid (omni) payloads", async () => {
    const res = await provider.send([
      msg(10, {
        channel: "viber",
        viber: {
          image_url: "https://x/i.png",
          button_caption: "Відстежити посилку зараз, будь ласка!",
          button_url: "https://x/t",
        },
      }),
      msg(11, { channel: "omni", fallback_text: "SMS fallback" }),
    ])
    expect(res.map((r) => r.outcome)).toEqual(["accepted", "accepted"])
    const [viberReq, omniReq] = fake.requests
    expect(viberReq.body.sms).toBeUndefined()
    expect(viberReq.body.viber).toMatchObject({
      sender: "MyShopV",
      image_url: "https://x/i.png",
      action: "https://x/t",
    })
    expect(viberReq.body.viber.caption.length).toBeLessThanOrEqual(30)
    expect(omniReq.body.viber.sender).toBe("MyShopV")
    expect(omniReq.body.sms).toEqual({ sender: "MyShop", text: "SMS fallback" })
    expect(fake.messagesTo("380678990011")[0].type).toBe("hybrid")
  })

  it("per-recipient rejections inside an 802 answer: stoplist → opted_out, invalid phone → invalid_recipient", async () => {
    fake.stoplist.add("380678990021")
    fake.invalidPhones.add("380678990022")
    const res = await provider.send([msg(20), msg(21), msg(22)])
    expect(res[0]).toMatchObject({ outcome: "accepted" })
    expect(res[1]).toMatchObject({ outcome: "rejected", kind: "opted_out", code: "404" })
    expect(res[2]).toMatchObject({ outcome: "rejected", kind: "invalid_recipient", code: "305" })
    expect(fake.messages.size).toBe(1)
  })

  it("bad token → auth (HTTP 200 with response_code 301), account-level", async () => {
    const bad = make({ token: "wrong-token-value-000000" })
    const [r] = await bad.send([msg(30)])
    expect(r).toMatchObject({ outcome: "rejected", kind: "auth", code: "301", account_level: true })
    await expect(bad.balance()).rejects.toMatchObject({ kind: "auth", retryable: false })
    await bad.close()
  })

  it("insufficient funds (203) is account-level; an unregistered sender (400) is bad_sender", async () => {
    fake.balance = 0.5
    const [r] = await provider.send([msg(40)])
    expect(r).toMatchObject({ outcome: "rejected", kind: "insufficient_funds", code: "203", account_level: true })
    fake.balance = 100
    const [s] = await provider.send([msg(41, { sender: "Other" })])
    expect(s).toMatchObject({ outcome: "rejected", kind: "bad_sender", code: "400" })
  })

  it("5xx response codes inside HTTP 200 → retry", async () => {
    fake.failCode = 999
    const [r] = await provider.send([msg(50)])
    expect(r).toMatchObject({ outcome: "retry", kind: "unavailable", code: "999" })
    fake.failCode = 505
    const [r2] = await provider.send([msg(51)])
    expect(r2).toMatchObject({ outcome: "retry", kind: "unavailable", code: "505" })
  })

  it("rate limit (HTTP 429) → retry rate_limited with Retry-After", async () => {
    await fake.setMode("rate_limit")
    const [r] = await provider.send([msg(60)])
    expect(r).toMatchObject({ outcome: "retry", kind: "rate_limited", retry_after_ms: 3000 })
  })

  it("duplicate protection: TurboSMS has no reference, so the capability says so and lookups return null", async () => {
    expect(provider.capabilities.lookupByReference).toBe(false)
    const m = msg(65)
    await provider.send([m])
    expect(await provider.findByReference(m.id)).toBeNull()
  })

  it("a timeout after the request was written is maybe_accepted", async () => {
    await fake.setMode("accept_then_timeout")
    const hanging = make({ timeout_ms: 300 }) // the fake never answers: a short deadline
    try {
      const [r] = await hanging.send([msg(72)])
      expect(r).toMatchObject({ outcome: "retry", code: "timeout", maybe_accepted: true })
      expect(fake.messages.size).toBe(1)
    } finally {
      await fake.setMode("ok")
      await hanging.close()
    }
  })

  it("status mapping and unknown ids", async () => {
    const batch = [msg(80), msg(81), msg(82), msg(83)]
    const res = await provider.send(batch)
    const ids = res.map((r) => (r as any).provider_message_id as string)
    fake.setStatus(ids[0], "Delivered")
    fake.setStatus(ids[1], "Rejected")
    fake.setStatus(ids[2], "Sent")
    fake.setStatus(ids[3], "Expired")
    const reports = await provider.status([
      ...batch.map((m, i) => ({ id: m.id, provider_message_id: ids[i] })),
      { id: "msg_x", provider_message_id: "nope" },
    ])
    expect(reports.map((r) => [r.id, r.status, r.raw_status])).toEqual([
      [batch[0].id, "delivered", "Delivered"],
      [batch[1].id, "undelivered", "Rejected"],
      [batch[2].id, "sent", "Sent"],
      [batch[3].id, "undelivered", "Expired"],
    ])
    expect(["Read", "Cancelled", "Failed", "Queued"].map(mapTurboSmsStatus)).toEqual([
      "read",
      "undelivered",
      "undelivered",
      "sent",
    ])
  })

  it("balance", async () => {
    fake.balance = 100.5
    expect(await provider.balance()).toEqual({ amount: 100.5, currency: "UAH", credit_limit: null })
    await expect(provider.probe()).resolves.toBeUndefined()
  })

  it("callbacks: valid signature parsed, wrong signature and missing secret rejected", async () => {
    const [r] = await provider.send([msg(90)])
    const pmid = (r as any).provider_message_id
    const body = fake.buildCallback(SECRET, pmid, "Delivered")
    const result = await provider.parseWebhook(hook(body))
    expect(result.reports).toEqual([
      expect.objectContaining({ provider_message_id: pmid, status: "delivered", raw_status: "Delivered" }),
    ])
    expect(result.response?.status).toBe(200)
    // only the id is signed: the module remembers it and confirms the statuses
    expect(result).toMatchObject({ replay_id: String(body.id), body_signed: false })
    expect(turboSmsCallbackSignature(SECRET, String(body.id))).toBe(body.signature)

    await expect(provider.parseWebhook(hook({ ...body, signature: "0".repeat(40) }))).rejects.toBeInstanceOf(
      WebhookAuthError
    )
    await expect(provider.parseWebhook(hook({ ...body, id: "other" }))).rejects.toBeInstanceOf(WebhookAuthError)
    await expect(provider.parseWebhook(hook({ ...fake.buildCallback("another-secret", pmid) }))).rejects.toBeInstanceOf(
      WebhookAuthError
    )
    const noSecret = make({ callback_secret: undefined })
    await expect(noSecret.parseWebhook(hook(body))).rejects.toThrow(/no callback_secret/)
    await noSecret.close()
  })

  it("never leaks the token or callback secret", async () => {
    const seen: unknown[] = []
    seen.push(await provider.send([msg(100), msg(101, { to: "12" })]))
    seen.push(await provider.balance())
    await provider.parseWebhook(hook({ id: "1", signature: "bad" })).catch((e) => seen.push(e.message))
    const bad = make({ token: "another-wrong-token-777" })
    seen.push(await bad.send([msg(102)]))
    await bad.balance().catch((e) => seen.push(e.message))
    await bad.close()
    await fake.setMode("timeout")
    const hanging = make({ timeout_ms: 300 }) // the fake never answers: a short deadline
    seen.push(await hanging.send([msg(103)]))
    await hanging.close()
    await fake.setMode("ok")
    const text = JSON.stringify([exchanges, seen])
    expect(exchanges.length).toBeGreaterThanOrEqual(5)
    for (const secret of [TOKEN, SECRET, "another-wrong-token-777"]) expect(text).not.toContain(secret)
    expect(JSON.stringify(exchanges[0].request_summary)).toMatch(/Bearer \*\*\*\*/)
  })
})
