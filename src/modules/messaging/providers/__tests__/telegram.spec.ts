import fc from "fast-check"
import { TelegramProvider, TELEGRAM_INLINE_RETRY_MAX_S } from "../telegram"
import { escapeTelegramHtml, splitTelegramText } from "../telegram-text"
import { ProviderConfigError, ProviderNotSupportedError, ProviderRequestError, WebhookAuthError } from "../errors"
import type { ExchangeEntry } from "../hooks"
import type { OutboundMessage } from "../types"
import { startFakeTelegram, type FakeTelegram } from "../../../../../test/fakes/telegram"
import { healthSignal, initialHealth, recordSendResult, shouldFailover } from "../../dispatch/health"

const TOKEN = "123456789:AAFakeTelegramBotToken_abcdefghijkl"

function msg(n: number, over: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    id: `msg_G${n}`,
    channel: "telegram",
    to: "-1001234567890",
    text: `New order #${n}: 2 × <Mug> & "Tea"`,
    ...over,
  }
}

describe("escapeTelegramHtml / splitTelegramText", () => {
  it("escapes < > &", () => {
    expect(escapeTelegramHtml(`a < b && c > "d"`)).toBe(`a &lt; b &amp;&amp; c &gt; "d"`)
  })

  it("keeps short texts whole and prefers paragraph, line and word breaks", () => {
    expect(splitTelegramText("hello")).toEqual(["hello"])
    expect(splitTelegramText("")).toEqual([""])
    expect(splitTelegramText("aaaa bbbb\n\ncccc dddd", 12)).toEqual(["aaaa bbbb", "cccc dddd"])
    expect(splitTelegramText("aaaa bbbb\ncccc dddd", 12)).toEqual(["aaaa bbbb", "cccc dddd"])
    expect(splitTelegramText("aaaa bbbb cccc", 10)).toEqual(["aaaa bbbb", "cccc"])
    expect(splitTelegramText("abcdefghijkl", 5)).toEqual(["abcde", "fghij", "kl"])
  })

  it("never splits a surrogate pair", () => {
    const text = "a" + "😀".repeat(10) // 21 units
    const parts = splitTelegramText(text, 4)
    expect(parts.join("")).toBe(text)
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(4)
      expect(p).toBe(Buffer.from(p, "utf8").toString("utf8")) // no lone surrogate
    }
  })

  it("property: parts fit, are never empty, keep all non-break characters in order", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 400 }), fc.integer({ min: 2, max: 60 }), (text, limit) => {
        const parts = splitTelegramText(text, limit)
        for (const p of parts) {
          expect(p.length).toBeLessThanOrEqual(limit)
          expect(/[\uD800-\uDBFF]$/.test(p)).toBe(false)
          expect(/^[\uDC00-\uDFFF]/.test(p)).toBe(false)
        }
        if (text.length > 0) for (const p of parts) expect(p.length).toBeGreaterThan(0)
        const strip = (s: string) => s.replace(/[\s]/g, "")
        expect(strip(parts.join(""))).toBe(strip(text))
      })
    )
  })
})

describe("Telegram adapter against the fake Bot API", () => {
  let fake: FakeTelegram
  let provider: TelegramProvider
  let exchanges: ExchangeEntry[]
  let sleeps: number[]
  const make = (over: Record<string, unknown> = {}) =>
    new TelegramProvider(
      { bot_token: TOKEN, base_url: fake.url, timeout_ms: 5000, ...over },
      { onExchange: (e) => exchanges.push(e), sleep: async (ms) => void sleeps.push(ms) }
    )

  beforeAll(async () => {
    fake = await startFakeTelegram({ botToken: TOKEN })
  })
  afterAll(() => fake.close())
  beforeEach(() => {
    fake.reset()
    fake.unknownChats.clear()
    fake.blockedChats.clear()
    fake.notMemberChats.clear()
    fake.migratedChats.clear()
    exchanges = []
    sleeps = []
    provider = make()
  })
  afterEach(() => provider.close())

  it("validates the token format", () => {
    expect(() => new TelegramProvider({})).toThrow(/"bot_token"/)
    expect(() => new TelegramProvider({ bot_token: "not a token" })).toThrow(ProviderConfigError)
  })

  it("sends HTML-escaped text without link previews", async () => {
    const m = msg(1)
    const [r] = await provider.send([m])
    expect(r).toMatchObject({ outcome: "accepted", parts: 1 })
    const [stored] = fake.messagesIn("-1001234567890")
    expect(stored.plain).toBe(m.text)
    expect(stored.parse_mode).toBe("HTML")
    expect(stored.link_preview_disabled).toBe(true)
    expect((r as any).provider_message_id).toBe(String(stored.message_id))
    expect(fake.requests[0].body.chat_id).toBe(-1001234567890)
  })

  it("splits long texts into ordered messages that the API accepts", async () => {
    const para = "Line with <b> & stuff ".repeat(40) // ~880 units
    const text = Array.from({ length: 7 }, () => para).join("\n\n") // ~6200 units
    const [r] = await provider.send([msg(2, { text })])
    expect(r).toMatchObject({ outcome: "accepted", parts: 2 })
    const stored = fake.messagesIn("-1001234567890")
    expect(stored).toHaveLength(2)
    expect(stored.every((s) => s.plain.length <= 4096)).toBe(true)
    expect(stored.map((s) => s.plain).join("\n\n")).toBe(text)
  })

  it("a batch with mixed per-chat errors", async () => {
    fake.unknownChats.add("111")
    fake.blockedChats.add("222")
    fake.notMemberChats.add("-1009")
    const res = await provider.send([
      msg(3, { to: "111" }),
      msg(4, { to: "222" }),
      msg(5, { to: "-1009" }),
      msg(6, { to: "333" }),
      msg(7, { to: "bad id" }),
    ])
    expect(res.map((r) => [r.outcome, (r as any).kind ?? null])).toEqual([
      ["rejected", "invalid_recipient"],
      ["rejected", "invalid_recipient"],
      ["rejected", "invalid_recipient"],
      ["accepted", null],
      ["rejected", "invalid_recipient"],
    ])
    expect((res[0] as any).reason).toMatch(/chat not found/)
    expect((res[1] as any).code).toBe("403")
  })

  it("supergroup migration: resends to the new id and reports migrated_to", async () => {
    fake.migratedChats.set("-4001", "-1004001")
    const [r] = await provider.send([msg(8, { to: "-4001" })])
    expect(r).toMatchObject({ outcome: "accepted", migrated_to: "-1004001" })
    expect(fake.messagesIn("-1004001")).toHaveLength(1)
    expect(fake.messagesIn("-4001")).toHaveLength(0)
  })

  it("429 with a short retry_after is waited once in the call; a long one returns retry (flow control, not an outage)", async () => {
    fake.rateLimitNext(1, 2)
    const [r] = await provider.send([msg(9)])
    expect(r).toMatchObject({ outcome: "accepted" })
    expect(sleeps).toEqual([2000])

    fake.rateLimitNext(1, TELEGRAM_INLINE_RETRY_MAX_S + 30)
    const [r2] = await provider.send([msg(10)])
    expect(r2).toMatchObject({
      outcome: "retry",
      kind: "throttled",
      retry_after_ms: (TELEGRAM_INLINE_RETRY_MAX_S + 30) * 1000,
    })
    // never counts toward marking the account unhealthy (no outage e-mail), never fails over
    expect(healthSignal(r2)).toBeNull()
    let state = initialHealth()
    for (let i = 0; i < 10; i++) {
      const next = recordSendResult(state, r2, new Date(), { threshold: 3 })
      expect(next.transition).toBeNull()
      state = next.state
    }
    expect(state.status).toBe("healthy")
    expect(shouldFailover(r2, { status: "healthy", consecutive_failures: 0 })).toBe(false)

    await fake.setMode("rate_limit")
    sleeps = []
    fake.retryAfterSeconds = 1
    const [r3] = await provider.send([msg(11)])
    expect(r3).toMatchObject({ outcome: "retry", kind: "throttled", retry_after_ms: 1000 })
    expect(sleeps).toEqual([1000]) // waited once, then gave up
    await fake.setMode("ok")
  })

  it("wrong token → auth, account-level; probe fails; no balance", async () => {
    const bad = make({ bot_token: "987654321:WrongTokenWrongToken" })
    const [r] = await bad.send([msg(12)])
    expect(r).toMatchObject({ outcome: "rejected", kind: "auth", account_level: true })
    await expect(bad.probe()).rejects.toBeInstanceOf(ProviderRequestError)
    await bad.close()
    await expect(provider.probe()).resolves.toBeUndefined()
    await expect(provider.balance()).rejects.toBeInstanceOf(ProviderNotSupportedError)
    expect(provider.capabilities.balance).toBe(false)
  })

  it("status: accepted messages count as delivered; no reference lookup; no webhooks", async () => {
    const [r] = await provider.send([msg(13)])
    const reports = await provider.status([
      { id: "msg_G13", provider_message_id: (r as any).provider_message_id },
      { id: "msg_none" },
    ])
    expect(reports).toEqual([expect.objectContaining({ id: "msg_G13", status: "delivered", channel: "telegram" })])
    expect(await provider.findByReference("msg_G13")).toBeNull()
    await expect(
      provider.parseWebhook({ url: "x", method: "POST", headers: {}, rawBody: "", body: {}, query: {} })
    ).rejects.toBeInstanceOf(WebhookAuthError)
  })

  it("the bot token (which sits in the URL path) never appears in exchanges, results or errors", async () => {
    const seen: unknown[] = []
    seen.push(await provider.send([msg(30), msg(31, { to: "-1" })]))
    fake.unknownChats.add("-2")
    seen.push(await provider.send([msg(32, { to: "-2" })]))
    await fake.setMode("down")
    seen.push(await provider.send([msg(33)]))
    await provider.probe().catch((e) => seen.push(e.message, e.stack))
    await fake.setMode("ok")
    const text = JSON.stringify([exchanges, seen])
    expect(exchanges.length).toBeGreaterThanOrEqual(4)
    expect(exchanges[0].url).toMatch(/\/bot\*\*\*\*[^/]{4}\/sendMessage$/)
    expect(text).not.toContain(TOKEN)
    expect(text).not.toContain(encodeURIComponent(TOKEN))
  })
})
