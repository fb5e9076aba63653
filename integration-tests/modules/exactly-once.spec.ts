/**
 * "Exactly once, honestly" for providers that cannot be asked by reference (Twilio here;
 * TurboSMS, Telegram and SMTP take the same path): claims are leased and renewed while
 * their requests are in flight, every request has a hard deadline, and a message whose
 * outcome is open follows the account's `unknown_outcome` — never a silent second send.
 */
import { messagingModuleRunner } from "./support/messaging-module"
import { markSendingTo } from "../../src/modules/messaging/repositories/message-results"
import { type FakeTwilio, startFakeTwilio } from "../../test/fakes"

jest.setTimeout(120_000)

const SID = "AC00000000000000000000000000000042"
const TOKEN = "exactly-once-twilio-token-0123456789"
let twilio: FakeTwilio
beforeAll(async () => {
  twilio = await startFakeTwilio({ accountSid: SID, authToken: TOKEN, balance: 1e6, trickleMs: 200 })
})
afterAll(async () => twilio?.close())

const phone = (i: number) => `+38067${String(4_000_000 + i)}`
const sends = () => twilio.requests.filter((r) => r.method === "POST" && r.path.endsWith("/Messages.json"))
const sendsTo = (to: string) => sends().filter((r) => r.body?.To === to).length

messagingModuleRunner({
  moduleOptions: {
    defaults: { default_region: "UA" },
    dispatch: {
      batch_size: 100,
      rounds_in_flight: 1,
      stuck_after_ms: 3000,
      retry_base_ms: 1,
      max_retry_delay_ms: 1,
    },
  },
  testSuite: ({ service }) => {
    const account = async (config: Record<string, unknown> = {}) => {
      const [a] = await service.createMessagingProviderAccounts([
        {
          key: `twilio-${Math.random().toString(36).slice(2, 8)}`,
          name: "Twilio",
          type: "twilio",
          priority: 1,
          channels: [],
          base_url: twilio.url,
          credentials: { account_sid: SID, auth_token: TOKEN },
          config: { from: "+15005550006", rate_per_second: 1000, timeout_ms: 800, ...config },
        } as any,
      ])
      service.invalidateCaches()
      return a
    }
    const enqueue = async (n: number, from = 0) =>
      service.enqueueMessages(
        Array.from({ length: n }, (_, i) => ({
          channel: "sms" as const,
          recipient: phone(from + i),
          body: `Order ${from + i} shipped`,
        }))
      )
    const row = async (id: string) => (await service.listMessagingMessages({ id }, { take: 1 }))[0] as any

    beforeEach(() => twilio.reset())

    it("an answer trickled past the deadline: held as `unknown` after one request, not sent again until an admin says so", async () => {
      await account()
      await twilio.setMode("trickle")
      const [m] = await enqueue(1, 0)
      await service.dispatchNow()
      expect(await row(m.id)).toMatchObject({ status: "unknown", error_code: "unknown_outcome", maybe_accepted: true })
      expect((await row(m.id)).error).toMatch(/deadline/)
      expect(sendsTo(phone(0))).toBe(1)
      expect(twilio.messages.size).toBe(1) // the provider did take it

      // later rounds leave it alone
      await twilio.setMode("ok")
      expect((await service.dispatchNow()).claimed).toBe(0)
      expect(sendsTo(phone(0))).toBe(1)

      // "send again" (the admin checked Twilio's log): the same message goes out once more
      expect(await service.sendUnknownAgain([m.id])).toEqual([m.id])
      await service.dispatchNow()
      expect(await row(m.id)).toMatchObject({ status: "sent", maybe_accepted: false })
      expect(sendsTo(phone(0))).toBe(2)
    })

    it("unknown_outcome: resend — the account's choice: sent again after the deadline", async () => {
      await account({ unknown_outcome: "resend" })
      await twilio.setMode("trickle")
      const [m] = await enqueue(1, 10)
      await service.dispatchNow()
      expect(await row(m.id)).toMatchObject({ status: "queued", maybe_accepted: false })
      expect((await row(m.id)).error).toMatch(/unknown_outcome: resend/)
      await twilio.setMode("ok")
      await service.dispatchNow()
      expect(await row(m.id)).toMatchObject({ status: "sent" })
      expect(sendsTo(phone(10))).toBe(2)
    })

    it("a live claim is never recovered: a round longer than stuck_after_ms keeps its lease, each message is sent once", async () => {
      // 100 messages in 5 requests of 20 at 1 request/s: the round lasts about 4 s, the lease 3 s.
      await account({ rate_per_second: 1, concurrency: 1 })
      twilio.latencyMs = 100
      const created = await enqueue(100, 100)
      let recovered = 0
      let stop = false
      const otherWorker = (async () => {
        while (!stop) {
          recovered += (await service.recoverStuckMessages(3000)).length
          await new Promise((r) => setTimeout(r, 150))
        }
      })()
      const started = Date.now()
      try {
        await service.dispatchNow()
      } finally {
        stop = true
        await otherWorker
        twilio.latencyMs = 0
      }
      expect(Date.now() - started).toBeGreaterThan(3000) // the scenario is real: the round outlived stuck_after_ms
      expect(recovered).toBe(0)
      const rows = await service.listMessagingMessages({ id: created.map((m) => m.id) }, { take: 100 })
      expect(rows.filter((r) => r.status !== "sent")).toEqual([])
      expect(sends().length).toBe(100)
      expect(new Set(sends().map((r) => r.body?.To)).size).toBe(100)
    })

    it("a worker killed mid-request: once its lease runs out the message is held as `unknown` (no second request); one it never sent goes out", async () => {
      const acc = await account()
      const [sentByDead, claimedOnly] = await enqueue(2, 300)
      // a dead worker's claim with a 1 ms lease: the first row's request had gone out, the second never started
      const claimed = await service.claimDueMessages({ limit: 10, workerId: "dead-worker", leaseMs: 1 })
      expect(claimed.map((c) => c.id).sort()).toEqual([sentByDead.id, claimedOnly.id].sort())
      await service.withKnex((knex) =>
        markSendingTo(knex, [sentByDead.id], { id: acc.id, type: "twilio" }, "dead-worker")
      )
      await new Promise((r) => setTimeout(r, 20))

      expect((await service.recoverStuckMessages(3000)).map((r) => r.id).sort()).toEqual(
        [sentByDead.id, claimedOnly.id].sort()
      )
      await service.dispatchNow()
      expect(await row(sentByDead.id)).toMatchObject({ status: "unknown", error_code: "unknown_outcome" })
      expect(await row(claimedOnly.id)).toMatchObject({ status: "sent" })
      expect(sendsTo(phone(300))).toBe(0)
      expect(sendsTo(phone(301))).toBe(1)
    })
  },
})
