/**
 * Overlapping dispatch rounds in one process (dispatch.rounds_in_flight): while one round
 * waits for the provider the next claims its batch. They must never claim the same row,
 * never exceed the account's `concurrency`, and still send everything exactly once.
 */
import { messagingModuleRunner } from "./support/messaging-module"
import { bsgReference } from "../../src/modules/messaging/providers/bsg-reference"
import { type FakeBsg, startFakeBsg } from "../../test/fakes"

jest.setTimeout(120_000)

let bsg: FakeBsg
beforeAll(async () => {
  bsg = await startFakeBsg({ balance: 1e6, latencyMs: 60 })
})
afterAll(async () => bsg?.close())

const phone = (i: number) => `+38067${String(3_000_000 + i)}`

messagingModuleRunner({
  moduleOptions: {
    defaults: { default_region: "UA", sms_sender: "MyShop" },
    // an enqueue starts a dispatch too, beside the rounds the tests start
    dispatch: { dispatch_on_enqueue: true, batch_size: 100, rounds_in_flight: 3 },
  },
  testSuite: ({ service }) => {
    beforeEach(async () => {
      bsg.reset()
      await service.createMessagingProviderAccounts({
        key: "bsg-main",
        name: "BSG",
        type: "bsg",
        priority: 1,
        channels: [],
        base_url: bsg.url,
        credentials: { api_key: "live_fakebsgkey0123456789" },
        config: { sender: "MyShop", concurrency: 2, rate_per_second: 1000 },
      } as any)
      service.invalidateCaches()
    })

    it("sends 1,000 messages once each, with rounds overlapping and at most `concurrency` requests in flight", async () => {
      const created = await service.enqueueMessages(
        Array.from({ length: 1000 }, (_, i) => ({
          channel: "sms" as const,
          recipient: phone(i),
          body: `Order ${i} is on its way`,
          sender: "MyShop",
        }))
      )
      expect(created).toHaveLength(1000)

      // One drain sends them all on a quiet machine. On a loaded one a round's claim can run
      // short of time before a request (the lease guard): those rows go back to the queue,
      // unsent and with no attempt counted, for the next drain. The outcome is what counts.
      let accepted = 0
      for (let drains = 0; drains < 50 && accepted < 1000; drains++) accepted += (await service.dispatchNow()).accepted
      expect(accepted).toBe(1000)

      // every reference reached the fake exactly once
      const refs = bsg.requests
        .filter((r) => /\/sms\/create$/.test(r.path))
        .flatMap((r) =>
          Array.isArray(r.body?.phones) ? r.body.phones.map((p: any) => p.reference) : [r.body?.reference]
        )
      expect(refs).toHaveLength(1000)
      expect(new Set(refs).size).toBe(1000)
      expect(new Set(created.map((m) => bsgReference(m.id)))).toEqual(new Set(refs))

      // the account's cap held across rounds, and it was used
      expect(bsg.maxInFlight).toBe(2)

      const rows = await service.listMessagingMessages({ id: created.map((m) => m.id) }, { take: 1000 })
      expect(rows.every((m) => m.status === "sent" && m.attempts === 1)).toBe(true)
      // 10 batches of 100 (rounds claimed in the same millisecond share a claimed_at);
      // overlapping rounds claim while others are in flight, so some round was claimed
      // before the previous round's rows were marked sent
      const rounds = new Map<number, { claimed: number; sent: number }>()
      for (const m of rows) {
        const claimed = new Date(m.claimed_at as any).getTime()
        const r = rounds.get(claimed) ?? { claimed, sent: 0 }
        r.sent = Math.max(r.sent, new Date(m.sent_at as any).getTime())
        rounds.set(claimed, r)
      }
      const ordered = [...rounds.values()].sort((a, b) => a.claimed - b.claimed)
      expect(ordered.length).toBeGreaterThanOrEqual(4)
      expect(ordered.some((r, i) => i > 0 && r.claimed < ordered[i - 1].sent)).toBe(true)
    })

    it("with rounds_in_flight reached but nothing left, a drain ends (no spinning) and a later enqueue is sent", async () => {
      await service.enqueueMessages([{ channel: "sms", recipient: phone(1), body: "first", sender: "MyShop" }])
      expect((await service.dispatchNow()).accepted).toBe(1)
      expect((await service.dispatchNow()).claimed).toBe(0)
      await service.enqueueMessages([{ channel: "sms", recipient: phone(2), body: "second", sender: "MyShop" }])
      expect((await service.dispatchNow()).accepted).toBe(1)
      expect(bsg.messagesTo(phone(2))).toHaveLength(1)
    })

    it("a drain that finds nothing due wakes up when the next message comes due (no wait for the job's tick)", async () => {
      const start = new Date(Date.now() + 1500)
      const { created } = await service.enqueueManualMessages({
        channel: "sms",
        recipients: [phone(5000), phone(5001)],
        body: "Spring sale",
        schedule: { start, rate_per_second: 2 },
      })
      expect(created.map((m) => m.status)).toEqual(["queued", "queued"])
      expect((await service.dispatchNow()).claimed).toBe(0) // nothing due yet
      // no dispatchNow() from here on: only the module's own wake-ups send them
      const sentAt = async () =>
        (await service.listMessagingMessages({ id: created.map((m) => m.id) })).map((m) => m.sent_at)
      for (let i = 0; i < 60 && (await sentAt()).some((at) => !at); i++) await new Promise((r) => setTimeout(r, 100))
      const sent = (await sentAt()).map((at) => new Date(at as Date).getTime()).sort()
      expect(sent).toHaveLength(2)
      // each at its slot (start, start + 500 ms), not at a tick seconds later
      expect(sent[0]).toBeGreaterThanOrEqual(start.getTime())
      expect(sent[0]).toBeLessThan(start.getTime() + 1000)
      expect(sent[1]).toBeGreaterThanOrEqual(start.getTime() + 500)
    })
  },
})
