/** The fake servers themselves: the awkward behaviours the adapters rely on. */
import { startFakeBsg, startFakeTelegram, startFakeTurboSms, startFakeTwilio } from "../../../../../test/fakes"

describe("fake provider servers", () => {
  it("BSG accepts JSON under a wrong content type and enforces unique references and ≤ 50 phones", async () => {
    const bsg = await startFakeBsg({ apiKey: "live_k" })
    try {
      const post = (body: unknown) =>
        fetch(`${bsg.url}/sms/create`, {
          method: "PUT",
          headers: { "X-API-KEY": "live_k", "Content-Type": "text/plain" },
          body: JSON.stringify(body),
        }).then((r) => r.json())
      const single = {
        destination: "phone",
        msisdn: "380972000000",
        originator: "MyShop",
        body: "hi",
        reference: "ref1",
      }
      expect((await post(single)).result).toMatchObject({ error: 0, reference: "ref1", price: 0.23 })
      expect((await post(single)).result).toMatchObject({ error: 23 })
      expect(bsg.acceptedCountByReference.get("ref1")).toBe(1)
      const phones = Array.from({ length: 51 }, (_, i) => ({
        msisdn: `38097200${String(i).padStart(4, "0")}`,
        reference: `b${i}`,
      }))
      expect(await post({ destination: "phones", originator: "MyShop", body: "x", phones })).toMatchObject({
        error: 12,
      })
      expect(await post({ ...single, reference: "ref2", originator: "Bad Sender!" })).toMatchObject({ error: 25 })
      bsg.stringErrors = true
      bsg.legacyTotalPrice = true
      const batch = await post({ destination: "phones", originator: "MyShop", body: "x", phones: phones.slice(0, 2) })
      expect(batch).toMatchObject({ totalprice: 0.46, currency: "EUR", result: [{ error: "0" }, { error: "0" }] })
      const unauth = await fetch(`${bsg.url}/common/balance`)
      expect(unauth.status).toBe(401)
    } finally {
      await bsg.close()
    }
  })

  it("stop()/start() keep the port; down refuses connections", async () => {
    const tg = await startFakeTelegram()
    const { port, url } = tg
    await tg.stop()
    await expect(fetch(`${url}/bot1:x/getMe`)).rejects.toThrow()
    await tg.start()
    expect(tg.port).toBe(port)
    expect((await fetch(`${url}/bot1:x/getMe`)).status).toBe(401)
    await tg.close()
  })

  it("Telegram rejects texts above 4096 units after entity parsing and bad HTML", async () => {
    const tg = await startFakeTelegram({ botToken: "1:abc" })
    const send = (text: string) =>
      fetch(`${tg.url}/bot1:abc/sendMessage`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ chat_id: 5, text, parse_mode: "HTML" }),
      }).then(async (r) => ({ status: r.status, body: await r.json() }))
    try {
      expect((await send("&lt;".repeat(4096))).status).toBe(200) // 4096 visible characters
      expect(await send("x".repeat(4097))).toMatchObject({
        status: 400,
        body: { ok: false, error_code: 400, description: "Bad Request: message is too long" },
      })
      expect((await send("a < b")).body.description).toMatch(/can't parse entities/)
      expect((await send("fish & chips")).body.description).toMatch(/can't parse entities/)
    } finally {
      await tg.close()
    }
  })

  it("TurboSMS answers HTTP 200 even for errors; Twilio wants Basic auth and forms", async () => {
    const turbo = await startFakeTurboSms({ token: "tok" })
    const twilio = await startFakeTwilio()
    try {
      const r = await fetch(`${turbo.url}/message/send.json`, {
        method: "POST",
        headers: { Authorization: "Bearer nope" },
        body: "{}",
      })
      expect(r.status).toBe(200)
      expect(await r.json()).toMatchObject({ response_code: 301, response_status: "INVALID_TOKEN" })
      const viaParam = await fetch(`${turbo.url}/user/balance.json?token=tok`)
      expect(await viaParam.json()).toMatchObject({ response_code: 0, response_result: { balance: 100 } })
      const t = await fetch(`${twilio.url}/2010-04-01/Accounts/${twilio.accountSid}/Messages.json`, {
        method: "POST",
        body: "To=%2B1",
      })
      expect(t.status).toBe(401)
      expect(await t.json()).toMatchObject({ code: 20003 })
    } finally {
      await turbo.close()
      await twilio.close()
    }
  })

  it("latency is applied", async () => {
    const turbo = await startFakeTurboSms({ token: "tok", latencyMs: 120 })
    try {
      const start = Date.now()
      await fetch(`${turbo.url}/user/balance.json?token=tok`).then((r) => r.json())
      expect(Date.now() - start).toBeGreaterThanOrEqual(110)
    } finally {
      await turbo.close()
    }
  })
})
