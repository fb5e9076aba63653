import { SandboxProvider } from "../sandbox"
import { WebhookAuthError } from "../errors"
import type { OutboundMessage } from "../types"

const m = (n: number, over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  id: `msg_S${n}`,
  channel: "sms",
  to: `38050000000${n}`,
  text: "hi",
  ...over,
})

describe("sandbox provider", () => {
  let clock: number
  const make = (cfg: Record<string, unknown> = {}) => new SandboxProvider(cfg, { now: () => clock })
  beforeEach(() => {
    clock = 1_000_000
  })

  it("accepts everything with sbx_<n> ids and records it", async () => {
    const p = make()
    const res = await p.send([m(1), m(2, { channel: "telegram", to: "-100" }), m(3, { channel: "email", to: "a@b.c" })])
    expect(res.map((r) => (r as any).provider_message_id)).toEqual(["sbx_1", "sbx_2", "sbx_3"])
    expect(p.sent().map((r) => r.message.id)).toEqual(["msg_S1", "msg_S2", "msg_S3"])
  })

  it("is sent before delivery_delay_ms and delivered after", async () => {
    const p = make({ delivery_delay_ms: 1500 })
    const [r] = await p.send([m(1)])
    const ref = { id: "msg_S1", provider_message_id: (r as any).provider_message_id }
    expect((await p.status([ref]))[0]).toMatchObject({ status: "sent" })
    clock += 1499
    expect((await p.status([ref]))[0]).toMatchObject({ status: "sent" })
    clock += 1
    expect((await p.status([ref]))[0]).toMatchObject({ status: "delivered", id: "msg_S1" })
    expect(await p.findByReference("msg_S1")).toMatchObject({ provider_message_id: "sbx_1", status: "delivered" })
    expect(await p.findByReference("msg_nope")).toBeNull()
  })

  it("the same id twice is one message; fail_recipients are rejected; balance reported", async () => {
    const p = make({ fail_recipients: ["380000000000"], balance: 42, currency: "EUR" })
    const [a] = await p.send([m(1)])
    const [b] = await p.send([m(1)])
    expect((b as any).provider_message_id).toBe((a as any).provider_message_id)
    expect(p.sent()).toHaveLength(1)
    const [c] = await p.send([m(9, { to: "380000000000" })])
    expect(c).toMatchObject({ outcome: "rejected", kind: "invalid_recipient" })
    expect(await p.balance()).toEqual({ amount: 42, currency: "EUR", credit_limit: null })
    await expect(p.probe()).resolves.toBeUndefined()
    await expect(
      p.parseWebhook({ url: "", method: "POST", headers: {}, rawBody: "", body: {}, query: {} })
    ).rejects.toBeInstanceOf(WebhookAuthError)
  })

  it("rejects a bad config", () => {
    expect(() => make({ delivery_delay_ms: -1 })).toThrow(/delivery_delay_ms/)
    expect(() => make({ fail_recipients: "x" })).toThrow(/fail_recipients/)
  })
})
