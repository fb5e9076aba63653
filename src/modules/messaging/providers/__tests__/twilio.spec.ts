import http from "node:http"
import type { AddressInfo } from "node:net"
import { TwilioProvider, mapTwilioStatus } from "../twilio"
import { twilioSignature, verifyTwilioSignature } from "../twilio-signature"
import { ProviderConfigError, WebhookAuthError } from "../errors"
import type { ExchangeEntry } from "../hooks"
import type { OutboundMessage, WebhookRequest, WebhookResult } from "../types"
import { startFakeTwilio, type FakeTwilio } from "../../../../../test/fakes/twilio"

const SID = "AC00000000000000000000000000000001"
const TOKEN = "fake-twilio-auth-token-0123456789"

function msg(n: number, over: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    id: `msg_W${n}`,
    channel: "sms",
    to: `1415555${String(n).padStart(4, "0")}`,
    text: "Your order has shipped",
    ...over,
  }
}

describe("Twilio signature", () => {
  it("matches the published test vector", () => {
    const params = {
      CallSid: "CA1234567890ABCDE",
      Caller: "+14158675310",
      Digits: "1234",
      From: "+14158675310",
      To: "+18005551212",
    }
    const url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    expect(twilioSignature("12345", url, params)).toBe("GvWf1cFY/Q7PnoempGyD5oXAezc=")
    expect(verifyTwilioSignature("12345", url, params, "GvWf1cFY/Q7PnoempGyD5oXAezc=")).toBe(true)
    expect(verifyTwilioSignature("12345", url, { ...params, Digits: "1235" }, "GvWf1cFY/Q7PnoempGyD5oXAezc=")).toBe(
      false
    )
    expect(verifyTwilioSignature("54321", url, params, "GvWf1cFY/Q7PnoempGyD5oXAezc=")).toBe(false)
    expect(verifyTwilioSignature("12345", url, params, "")).toBe(false)
    // the same URL with the default port spelled out still verifies
    expect(
      verifyTwilioSignature(
        "12345",
        "https://mycompany.com:443/myapp.php?foo=1&bar=2",
        params,
        "GvWf1cFY/Q7PnoempGyD5oXAezc="
      )
    ).toBe(true)
  })
})

describe("Twilio adapter against the fake Twilio server", () => {
  let fake: FakeTwilio
  let provider: TwilioProvider
  let exchanges: ExchangeEntry[]
  let receiver: http.Server
  let receiverUrl: string
  let received: WebhookResult[]
  let receiverErrors: unknown[]

  const make = (over: Record<string, unknown> = {}) =>
    new TwilioProvider(
      { account_sid: SID, auth_token: TOKEN, from: "+15005550006", base_url: fake.url, timeout_ms: 5000, ...over },
      { onExchange: (e) => exchanges.push(e) }
    )

  beforeAll(async () => {
    fake = await startFakeTwilio({ accountSid: SID, authToken: TOKEN })
    // a tiny stand-in for the plugin's webhook route
    receiver = http.createServer(async (req, res) => {
      const chunks: Buffer[] = []
      for await (const c of req) chunks.push(c as Buffer)
      const raw = Buffer.concat(chunks).toString("utf8")
      const hookReq: WebhookRequest = {
        url: receiverUrl + (req.url ?? "/"),
        method: req.method ?? "POST",
        headers: req.headers,
        rawBody: raw,
        body: Object.fromEntries(new URLSearchParams(raw).entries()),
        query: {},
      }
      try {
        received.push(await provider.parseWebhook(hookReq))
        res.writeHead(200).end()
      } catch (err) {
        receiverErrors.push(err)
        res.writeHead(err instanceof WebhookAuthError ? 403 : 500).end()
      }
    })
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r))
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await fake.close()
    await new Promise((r) => receiver.close(r))
  })
  beforeEach(() => {
    fake.reset()
    fake.invalidPhones.clear()
    fake.landlines.clear()
    fake.unsubscribed.clear()
    exchanges = []
    received = []
    receiverErrors = []
    provider = make()
  })
  afterEach(() => provider.close())

  it("requires account_sid, auth_token and from or messaging_service_sid", () => {
    expect(() => new TwilioProvider({ auth_token: "x", from: "+1" })).toThrow(/"account_sid"/)
    expect(() => new TwilioProvider({ account_sid: "AC1", from: "+1" })).toThrow(/"auth_token"/)
    expect(() => new TwilioProvider({ account_sid: "AC1", auth_token: "t" })).toThrow(ProviderConfigError)
  })

  it("sends form-encoded with Basic auth, To with +, StatusCallback; 201 → accepted", async () => {
    const m = msg(1, { callback_url: `${receiverUrl}/status`, validity_seconds: 600 })
    const [r] = await provider.send([m])
    expect(r).toMatchObject({ outcome: "accepted", raw_status: "queued", parts: 1 })
    const req = fake.requests[0]
    expect(req.headers["content-type"]).toContain("application/x-www-form-urlencoded")
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString("base64")}`)
    expect(req.body).toEqual({
      To: "+14155550001",
      Body: m.text,
      From: "+15005550006",
      StatusCallback: `${receiverUrl}/status`,
      ValidityPeriod: "600",
    })
    expect(fake.messages.get((r as any).provider_message_id)).toBeDefined()
  })

  it("uses the messaging service when configured", async () => {
    const p = make({ from: undefined, messaging_service_sid: "MG00000000000000000000000000000001" })
    const [r] = await p.send([msg(2)])
    await p.close()
    expect(r).toMatchObject({ outcome: "accepted", raw_status: "accepted" })
    expect(fake.requests[0].body.MessagingServiceSid).toBe("MG00000000000000000000000000000001")
    expect(fake.requests[0].body.From).toBeUndefined()
  })

  it("a batch runs as concurrent requests with mixed per-recipient errors", async () => {
    fake.invalidPhones.add("+14155550012")
    fake.landlines.add("+14155550013")
    fake.unsubscribed.add("+14155550014")
    const batch = [msg(11), msg(12), msg(13), msg(14), msg(15)]
    const res = await provider.send(batch)
    expect(res.map((r) => r.id)).toEqual(batch.map((m) => m.id))
    expect(res[0]).toMatchObject({ outcome: "accepted" })
    expect(res[1]).toMatchObject({ outcome: "rejected", kind: "invalid_recipient", code: "21211" })
    expect(res[2]).toMatchObject({ outcome: "rejected", kind: "invalid_recipient", code: "21614" })
    expect(res[3]).toMatchObject({ outcome: "rejected", kind: "opted_out", code: "21610" })
    expect(res[4]).toMatchObject({ outcome: "accepted" })
    expect(fake.messages.size).toBe(2)
  })

  it("auth failure (20003) is account-level; unknown From is bad_sender", async () => {
    const bad = make({ auth_token: "wrong-token-abcdefgh1234" })
    const [r] = await bad.send([msg(20)])
    await expect(bad.balance()).rejects.toMatchObject({ kind: "auth" })
    await bad.close()
    expect(r).toMatchObject({ outcome: "rejected", kind: "auth", code: "20003", account_level: true })
    const [s] = await provider.send([msg(21, { sender: "+15559990000" })])
    expect(s).toMatchObject({ outcome: "rejected", kind: "bad_sender", code: "21212" })
  })

  it("account out of funds (20005) → insufficient_funds, account-level; probe fails", async () => {
    await fake.setMode("insufficient_funds")
    const [r] = await provider.send([msg(30)])
    expect(r).toMatchObject({ outcome: "rejected", kind: "insufficient_funds", code: "20005", account_level: true })
    await fake.setMode("ok")
    fake.accountStatus = "suspended"
    await expect(provider.probe()).rejects.toThrow(/suspended/)
  })

  it("rate limit (20429) → retry with Retry-After", async () => {
    await fake.setMode("rate_limit")
    const [r] = await provider.send([msg(40)])
    expect(r).toMatchObject({ outcome: "retry", kind: "rate_limited", code: "20429", retry_after_ms: 1000 })
  })

  it("no reference lookup: capability false, findByReference null", async () => {
    const m = msg(41)
    await provider.send([m])
    expect(provider.capabilities.lookupByReference).toBe(false)
    expect(await provider.findByReference(m.id)).toBeNull()
  })

  it("status polling maps Twilio statuses, price and error code", async () => {
    const res = await provider.send([msg(60), msg(61), msg(62)])
    const sids = res.map((r) => (r as any).provider_message_id as string)
    fake.setStatus(sids[0], "delivered")
    fake.setStatus(sids[1], "undelivered", 30003)
    const reports = await provider.status([
      { id: "msg_W60", provider_message_id: sids[0] },
      { id: "msg_W61", provider_message_id: sids[1] },
      { id: "msg_W62", provider_message_id: sids[2] },
      { id: "msg_gone", provider_message_id: "SMdoesnotexist" },
    ])
    expect(reports.map((r) => [r.id, r.status, r.raw_status])).toEqual([
      ["msg_W60", "delivered", "delivered"],
      ["msg_W61", "undelivered", "undelivered"],
      ["msg_W62", "sent", "queued"],
    ])
    expect(reports[0]).toMatchObject({ cost: 0.0079, currency: "USD" })
    expect(reports[1].raw_code).toBe("30003")
    expect(["sending", "accepted", "sent", "failed", "read"].map(mapTwilioStatus)).toEqual([
      "sent",
      "sent",
      "sent",
      "undelivered",
      "read",
    ])
  })

  it("balance and probe", async () => {
    fake.balance = 12.5
    expect(await provider.balance()).toEqual({ amount: 12.5, currency: "USD", credit_limit: null })
    await expect(provider.probe()).resolves.toBeUndefined()
  })

  it("signed status callbacks from the fake are accepted and parsed; bad signatures are rejected", async () => {
    const [r] = await provider.send([msg(70, { callback_url: `${receiverUrl}/status?site=default` })])
    const sid = (r as any).provider_message_id
    expect(await fake.sendStatusCallback(sid, "delivered")).toBe(200)
    expect(received).toHaveLength(1)
    expect(received[0].reports).toEqual([
      expect.objectContaining({ provider_message_id: sid, status: "delivered", raw_status: "delivered" }),
    ])

    const forged: WebhookRequest = {
      url: `${receiverUrl}/status?site=default`,
      method: "POST",
      headers: {
        "x-twilio-signature": fake.sign(`${receiverUrl}/status?site=default`, {
          MessageSid: sid,
          MessageStatus: "delivered",
        }),
      },
      rawBody: "",
      body: { MessageSid: sid, MessageStatus: "failed" },
      query: {},
    }
    await expect(provider.parseWebhook(forged)).rejects.toBeInstanceOf(WebhookAuthError)
    await expect(provider.parseWebhook({ ...forged, headers: {} })).rejects.toThrow(/without X-Twilio-Signature/)
  })

  it("inbound SMS webhooks become InboundMessage", async () => {
    const url = `${receiverUrl}/inbound`
    const { params, signature } = fake.signedInbound(url, "+14155550100", "+15005550006", "STOP")
    const result = await provider.parseWebhook({
      url,
      method: "POST",
      headers: { "x-twilio-signature": signature },
      rawBody: "",
      body: params,
      query: {},
    })
    expect(result.reports).toEqual([])
    expect(result.inbound).toEqual([
      expect.objectContaining({
        from: "+14155550100",
        to: "+15005550006",
        text: "STOP",
        provider_message_id: params.MessageSid,
      }),
    ])
    expect(result.response?.contentType).toBe("text/xml")
  })

  it("never leaks the auth token", async () => {
    const seen: unknown[] = []
    seen.push(await provider.send([msg(80), msg(81, { to: "1" })]))
    seen.push(await provider.balance())
    const bad = make({ auth_token: "another-bad-token-xyz987" })
    seen.push(await bad.send([msg(82)]))
    await bad.probe().catch((e) => seen.push(e.message))
    await bad.close()
    await provider
      .parseWebhook({
        url: "https://x/y",
        method: "POST",
        headers: { "x-twilio-signature": "AAAA" },
        rawBody: "",
        body: {},
        query: {},
      })
      .catch((e) => seen.push(e.message))
    const text = JSON.stringify([exchanges, seen])
    expect(exchanges.length).toBeGreaterThanOrEqual(4)
    expect(text).not.toContain(TOKEN)
    expect(text).not.toContain("another-bad-token-xyz987")
    expect(text).not.toContain(Buffer.from(`${SID}:${TOKEN}`).toString("base64"))
  })
})
