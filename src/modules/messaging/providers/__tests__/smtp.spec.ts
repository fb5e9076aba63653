import net from "node:net"
import { SmtpProvider, mapSmtpError, smtpMessageId } from "../smtp"
import { ProviderConfigError, ProviderNotSupportedError, ProviderRequestError } from "../errors"
import type { ExchangeEntry } from "../hooks"
import type { OutboundMessage } from "../types"
import { startSmtpSink, type SmtpSink } from "../../../../../test/fakes/smtp-sink"

const USER = "shop-mailer"
const PASSWORD = "smtp-Pa55word-very-secret"

function msg(n: number, over: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    id: `msg_E${n}`,
    channel: "email",
    to: `customer${n}@example.com`,
    subject: "Замовлення №1001 відправлено",
    text: "Добрий день!\nВаше замовлення відправлено. Дякуємо = з любов'ю.",
    html: "<p>Добрий день!</p>",
    ...over,
  }
}

describe("SMTP adapter against the SMTP sink", () => {
  let sink: SmtpSink
  let provider: SmtpProvider
  let exchanges: ExchangeEntry[]
  const make = (over: Record<string, unknown> = {}) =>
    new SmtpProvider(
      {
        host: "127.0.0.1",
        port: sink.port,
        secure: false,
        user: USER,
        password: PASSWORD,
        from: "Shop <shop@example.com>",
        pool: true,
        timeout_ms: 1000,
        ...over,
      },
      { onExchange: (e) => exchanges.push(e) }
    )

  beforeAll(async () => {
    sink = await startSmtpSink({ user: USER, password: PASSWORD })
  })
  afterAll(() => sink.close())
  beforeEach(() => {
    sink.reset()
    sink.rejectRecipients.clear()
    exchanges = []
    provider = make()
  })
  afterEach(() => provider.close())

  it("validates the config", () => {
    expect(() => new SmtpProvider({ port: 25, from: "a@b.c" })).toThrow(/"host"/)
    expect(() => new SmtpProvider({ host: "h", from: "a@b.c" })).toThrow(/"port"/)
    expect(() => new SmtpProvider({ host: "h", port: 25 })).toThrow(/"from"/)
    expect(() => new SmtpProvider({ host: "h", port: 25, from: "a@b.c", password: "x" })).toThrow(ProviderConfigError)
  })

  it("sends a mail with our Message-ID, subject, text and html", async () => {
    const m = msg(1)
    const [r] = await provider.send([m])
    expect(r).toMatchObject({ outcome: "accepted", provider_message_id: smtpMessageId(m.id) })
    const mail = await sink.waitForMail((x) => x.envelope.to.includes(m.to))
    expect(mail.subject).toBe(m.subject)
    expect(mail.text).toBe(m.text)
    expect(mail.html).toBe(m.html)
    expect(mail.messageId).toBe("<msg_E1@medusa-plugin-messaging>")
    expect(mail.from).toContain("shop@example.com")
    expect(mail.user).toBe(USER)
  })

  it("a batch with a rejected mailbox: 550 → invalid_recipient, others accepted", async () => {
    sink.rejectRecipients.add("customer3@example.com")
    const res = await provider.send([msg(2), msg(3), msg(4), msg(5, { to: "not-an-address" })])
    expect(res.map((r) => r.outcome)).toEqual(["accepted", "rejected", "accepted", "rejected"])
    expect(res[1]).toMatchObject({ kind: "invalid_recipient", code: "550" })
    expect(res[3]).toMatchObject({ kind: "invalid_recipient", code: "invalid_address" })
    expect(sink.mails.map((m) => m.envelope.to[0]).sort()).toEqual(["customer2@example.com", "customer4@example.com"])
  })

  it("wrong password → auth, account-level; probe fails", async () => {
    const bad = make({ password: "wrong-password-000" })
    const [r] = await bad.send([msg(6)])
    expect(r).toMatchObject({ outcome: "rejected", kind: "auth", account_level: true })
    await expect(bad.probe()).rejects.toBeInstanceOf(ProviderRequestError)
    await bad.close()
    await expect(provider.probe()).resolves.toBeUndefined()
    expect(sink.authFailures).toBeGreaterThan(0)
  })

  it("temporary failure (451) → retry", async () => {
    await sink.setMode("tempfail")
    try {
      const [r] = await provider.send([msg(7)])
      expect(r).toMatchObject({ outcome: "retry", kind: "unavailable", code: "451" })
    } finally {
      await sink.setMode("ok")
    }
  })

  it("server down → retry unavailable; recovers after start", async () => {
    await sink.setMode("down")
    const [r] = await provider.send([msg(8)])
    expect(r).toMatchObject({ outcome: "retry", kind: "unavailable" })
    await expect(provider.probe()).rejects.toMatchObject({ retryable: true })
    await sink.setMode("ok")
    const [r2] = await provider.send([msg(9)])
    expect(r2.outcome).toBe("accepted")
  })

  it("a server that never greets → timeout retry", async () => {
    const silent = net.createServer(() => undefined)
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r))
    const port = (silent.address() as net.AddressInfo).port
    const p = make({ port, timeout_ms: 300, pool: false })
    try {
      const [r] = await p.send([msg(10)])
      expect(r).toMatchObject({ outcome: "retry", kind: "unavailable", code: "etimedout" })
      expect((r as any).reason).toMatch(/timed out/)
    } finally {
      await p.close()
      silent.close()
    }
  })

  it("a relay that takes the mail and never answers: the hard deadline ends it as maybe accepted; the next mail goes through a fresh connection", async () => {
    const p = make({ timeout_ms: 600 })
    try {
      await sink.setMode("stall")
      const [r] = await p.send([msg(30)])
      expect(r).toMatchObject({ outcome: "retry", kind: "unavailable", code: "timeout", maybe_accepted: true })
      expect(sink.mails.filter((m) => m.messageId === smtpMessageId("msg_E30"))).toHaveLength(1)
      await sink.setMode("ok")
      const [r2] = await p.send([msg(31)])
      expect(r2.outcome).toBe("accepted")
      expect(sink.mails.filter((m) => m.messageId === smtpMessageId("msg_E31"))).toHaveLength(1)
    } finally {
      await sink.setMode("ok")
      await p.close()
    }
  })

  it("status says sent; no balance", async () => {
    const [r] = await provider.send([msg(11)])
    expect(await provider.status([{ id: "msg_E11", provider_message_id: (r as any).provider_message_id }])).toEqual([
      expect.objectContaining({ id: "msg_E11", status: "sent" }),
    ])
    await expect(provider.balance()).rejects.toBeInstanceOf(ProviderNotSupportedError)
  })

  it("maps SMTP error shapes", () => {
    expect(mapSmtpError({ code: "EENVELOPE", responseCode: 550, response: "550 Mailbox unavailable" }).kind).toBe(
      "invalid_recipient"
    )
    expect(mapSmtpError({ code: "EMESSAGE", responseCode: 552, response: "552 Message too big" }).kind).toBe(
      "bad_request"
    )
    expect(mapSmtpError({ code: "EMESSAGE", responseCode: 421, response: "421 try later" }).kind).toBe("unavailable")
    expect(mapSmtpError({ code: "ECONNECTION", message: "connect ECONNREFUSED" }).kind).toBe("unavailable")
    expect(
      mapSmtpError({ code: "EAUTH", responseCode: 535, response: `535 bad ${PASSWORD}` }, [PASSWORD]).reason
    ).not.toContain(PASSWORD)
  })

  it("never leaks the SMTP password", async () => {
    const seen: unknown[] = []
    seen.push(await provider.send([msg(12)]))
    const bad = make({ password: "another-wrong-password-1" })
    seen.push(await bad.send([msg(13)]))
    await bad.probe().catch((e) => seen.push(e.message, e.stack))
    await bad.close()
    await sink.setMode("down")
    seen.push(await provider.send([msg(14)]))
    await sink.setMode("ok")
    const text = JSON.stringify([exchanges, seen])
    expect(exchanges.length).toBeGreaterThanOrEqual(3)
    expect(exchanges[0]).toMatchObject({ provider: "smtp", method: "SMTP", operation: "send" })
    expect(text).not.toContain(PASSWORD)
    expect(text).not.toContain("another-wrong-password-1")
  })
})
