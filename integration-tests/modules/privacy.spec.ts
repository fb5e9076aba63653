/**
 * Consent when a message leaves and personal data (hardening issue, sections 6 and 7),
 * on the real module and Postgres with a fake BSG: an opt-out stops what was already
 * queued or held, resend goes through the same checks unless an admin overrides them, old
 * texts are removed while counts and costs stay, and a deleted customer's messages are
 * anonymized. (The debug log and the routes: integration-tests/http/privacy.spec.ts.)
 */
import { messagingModuleRunner } from "./support/messaging-module"
import { type FakeBsg, startFakeBsg } from "../../test/fakes"
import { zoneWhereHourIs } from "../../test/support/time-zones"

jest.setTimeout(120_000)

const KEY = "live_fakebsgkey0123456789"
const OLENA = "+380671234567"
const PETRO = "+380501112233"

let bsg: FakeBsg
beforeAll(async () => {
  bsg = await startFakeBsg({ apiKey: KEY, balance: 1000 })
})
afterAll(async () => bsg?.close())

messagingModuleRunner({
  moduleOptions: {
    defaults: { default_region: "UA", sms_sender: "MyShop" },
    message_retention_days: 30,
  },
  testSuite: ({ service }) => {
    const sentTo = (phone: string) => bsg.messagesTo(phone.slice(1)).map((m) => m.body)
    const get = async (id: string) => (await service.listMessagingMessages({ id }))[0]
    const timeline = (id: string) =>
      service.listMessagingMessageEvents({ message_id: id }, { order: { created_at: "ASC" } })
    const site = async (patch: Record<string, unknown>) => {
      await service.ensureInstalled()
      const [global] = await service.listMessagingSites({ sales_channel_id: null })
      await service.updateMessagingSites({ id: global.id, ...patch })
    }

    beforeEach(async () => {
      bsg.reset()
      await service.ensureInstalled()
      await service.createMessagingProviderAccounts({
        key: "bsg",
        name: "BSG",
        type: "bsg",
        priority: 1,
        channels: [],
        base_url: bsg.url,
        credentials: { api_key: KEY },
        config: { sender: "MyShop" },
      } as any)
      service.invalidateCaches()
    })

    describe("consent is checked when the message leaves", () => {
      it("an opt-out after queueing: queued and deferred messages to that number become skipped at claim, with the reason", async () => {
        const { created } = await service.enqueueManualMessages({
          channel: "sms",
          recipients: [OLENA, PETRO],
          body: "Your order is packed",
        })
        // held for quiet hours that have just ended
        const [held] = await service.enqueueMessages([
          {
            channel: "sms",
            recipient: OLENA,
            body: "Good morning",
            status: "deferred",
            next_attempt_at: new Date(Date.now() - 1000),
          },
        ])
        expect(created.map((m) => m.status)).toEqual(["queued", "queued"])
        await service.addOptOut(OLENA, "sms", "inbound_keyword", "STOP")

        await service.dispatchNow()

        expect(sentTo(PETRO)).toEqual(["Your order is packed"])
        expect(sentTo(OLENA)).toEqual([])
        for (const id of [created[0].id, held.id]) {
          const m = await get(id)
          expect(m).toMatchObject({
            status: "skipped",
            error: `${OLENA} opted out of sms messages`,
            error_code: "opted_out",
            attempts: 0,
          })
          const events = await timeline(id)
          expect(events[events.length - 1]).toMatchObject({
            status: "skipped",
            source: "dispatcher",
            note: `${OLENA} opted out of sms messages`,
          })
        }
      })

      it("transactional messages still go where the site allows it; marketing and other channels' rules hold", async () => {
        await site({ transactional_ignores_opt_out: true })
        const [transactional, marketing, viber] = await service.enqueueMessages([
          { channel: "sms", recipient: OLENA, body: "Order shipped", sender: "MyShop" },
          { channel: "sms", recipient: OLENA, body: "Sale -20%", sender: "MyShop", campaign_id: "mcmp_1" },
          { channel: "viber", recipient: PETRO, body: "Viber hello", sender: "MyShop" },
        ])
        await service.addOptOut(OLENA, "all", "admin")
        await service.addOptOut(PETRO, "sms", "admin") // not viber
        await service.dispatchNow()
        expect(sentTo(OLENA)).toEqual(["Order shipped"])
        expect((await get(transactional.id)).status).toBe("sent")
        expect(await get(marketing.id)).toMatchObject({
          status: "skipped",
          error: `${OLENA} opted out of sms messages`,
        })
        expect((await get(viber.id)).status).not.toBe("skipped")
      })
    })

    describe("resend", () => {
      const sendAndOptOut = async () => {
        const [m] = (
          await service.enqueueManualMessages({ channel: "sms", recipients: [OLENA], body: "Your code is 4411" })
        ).created
        await service.dispatchNow()
        expect((await get(m.id)).status).toBe("sent")
        await service.addOptOut(OLENA, "sms", "inbound_keyword", "STOP")
        return m
      }

      it("a resend to an opted-out number is refused unless the admin overrides it; the override is on the timeline and holds at claim", async () => {
        const original = await sendAndOptOut()
        const refused = await service.resendMessages([original.id], "user_1")
        expect(refused).toEqual({
          created: [],
          refused: [{ id: original.id, code: "opted_out", reason: `${OLENA} opted out of sms messages` }],
        })

        const { created } = await service.resendMessages([original.id], "user_1", { override: true })
        expect(created).toHaveLength(1)
        expect(created[0]).toMatchObject({ parent_id: original.id, critical: true, status: "queued" })
        const events = await timeline(created[0].id)
        expect(events.map((e) => [e.status, e.source, e.note])).toContainEqual([
          "queued",
          "admin",
          `resent by user_1 overriding the opt-out (${OLENA} opted out of sms messages) and quiet hours`,
        ])
        await service.dispatchNow()
        expect((await get(created[0].id)).status).toBe("sent")
        expect(sentTo(OLENA)).toEqual(["Your code is 4411", "Your code is 4411"])
      })

      it("a resend waits out quiet hours unless overridden", async () => {
        const [m] = (
          await service.enqueueManualMessages({ channel: "sms", recipients: [PETRO], body: "Hello", critical: true })
        ).created
        await service.dispatchNow()
        await site({
          time_zone: zoneWhereHourIs(12),
          quiet_hours_enabled: true,
          quiet_hours_start: "00:00",
          quiet_hours_end: "23:59",
        })
        // the original was critical (ignores quiet hours); copies of non-critical ones wait
        await service.withKnex((k: any) => k("messaging_message").where({ id: m.id }).update({ critical: false }))
        const held = await service.resendMessages([m.id], "user_1")
        expect(held.created[0]).toMatchObject({ status: "deferred", critical: false })
        const now = await service.resendMessages([m.id], "user_1", { override: true })
        expect(now.created[0]).toMatchObject({ status: "queued", critical: true })
      })
    })

    describe("message_retention_days", () => {
      it("removes old texts (inbound too) and keeps counts, statuses and costs; pending and recent messages keep theirs", async () => {
        const [old, oldInbound, oldQueued, recent] = await service.enqueueMessages([
          {
            channel: "omni",
            recipient: OLENA,
            body: "Old Viber text",
            status: "delivered",
            metadata: { sms_text: "Old SMS text" },
          } as any,
          { channel: "sms", direction: "inbound", recipient: OLENA, body: "STOP", status: "received" },
          {
            channel: "sms",
            recipient: OLENA,
            body: "Still waiting",
            status: "deferred",
            next_attempt_at: new Date(Date.now() + 3600_000),
          },
          { channel: "sms", recipient: OLENA, body: "Yesterday", status: "delivered" },
        ])
        const longAgo = new Date(Date.now() - 40 * 86_400_000)
        await service.withKnex((k: any) =>
          k("messaging_message")
            .whereIn("id", [old.id, oldInbound.id, oldQueued.id])
            .update({ created_at: longAgo, cost: 0.05, currency: "EUR" })
        )
        const stats = () =>
          service.messageStats({
            from: new Date(longAgo.getTime() - 86_400_000),
            to: new Date(Date.now() + 86_400_000),
          })
        const before = await stats()

        const result = await service.runMaintenance()

        expect(result.texts_removed).toBe(2)
        expect(await get(old.id)).toMatchObject({
          body: "",
          subject: null,
          status: "delivered",
          cost: 0.05,
          currency: "EUR",
          recipient: OLENA,
        })
        expect((await get(old.id)).metadata).toEqual({ text_removed_at: expect.any(String) })
        expect((await get(oldInbound.id)).body).toBe("")
        expect((await get(oldQueued.id)).body).toBe("Still waiting")
        expect((await get(recent.id)).body).toBe("Yesterday")
        expect(await stats()).toEqual(before)
        // nothing left to do on the next tick; a text-less message cannot be resent
        expect((await service.runMaintenance()).texts_removed).toBe(0)
        expect((await service.resendMessages([old.id])).refused[0]).toMatchObject({ code: "text_removed" })
      })
    })

    describe("a deleted customer", () => {
      it("their messages and inbound texts keep counts and costs but lose the number (hashed) and the text; opt-out notes go, the opt-out stays", async () => {
        const [sent, skipped, queued, other] = await service.enqueueMessages([
          {
            channel: "sms",
            recipient: OLENA,
            body: "Order 5 shipped",
            status: "delivered",
            customer_id: "cus_1",
            idempotency_key: `order.shipped|ord_5|BW|${OLENA}|sms`,
          },
          {
            channel: "sms",
            recipient: OLENA,
            body: "Sale",
            status: "skipped",
            error: `${OLENA} opted out of sms messages`,
            customer_id: "cus_1",
          },
          {
            channel: "sms",
            recipient: OLENA,
            body: "Later",
            status: "deferred",
            next_attempt_at: new Date(Date.now() + 3600_000),
            customer_id: "cus_1",
          },
          { channel: "sms", recipient: PETRO, body: "Not hers", status: "delivered", customer_id: "cus_2" },
        ])
        const [inbound] = await service.enqueueMessages([
          { channel: "sms", direction: "inbound", recipient: OLENA, body: "STOP please", status: "received" },
        ])
        await service.withKnex((k: any) =>
          k("messaging_message").where({ id: sent.id }).update({ cost: 0.03, currency: "EUR" })
        )
        await service.addOptOut(OLENA, "sms", "inbound_keyword", "STOP please")
        const stats = () =>
          service.messageStats({ from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 86_400_000) })
        const before = await stats()

        const result = await service.anonymizeCustomer("cus_1", ["067 123 45 67"])

        expect(result).toEqual({ messages: 4, opt_out_notes: 1 })
        const { createHash } = await import("node:crypto")
        const hash = `sha256:${createHash("sha256").update(OLENA).digest("hex")}`
        for (const id of [sent.id, skipped.id, queued.id, inbound.id]) {
          const m = await get(id)
          expect(m).toMatchObject({ recipient: hash, body: "", subject: null })
          expect(JSON.stringify(m)).not.toContain("671234567")
        }
        expect(await get(sent.id)).toMatchObject({ status: "delivered", cost: 0.03, currency: "EUR" })
        expect((await get(sent.id)).idempotency_key).toMatch(/^sha256:[0-9a-f]{64}$/)
        expect((await get(skipped.id)).error).toBe("[removed] opted out of sms messages")
        expect((await get(queued.id)).status).toBe("canceled")
        for (const e of await service.listMessagingMessageEvents({
          message_id: [sent.id, skipped.id, queued.id, inbound.id],
        }))
          expect(JSON.stringify(e)).not.toContain("671234567")
        expect(await get(other.id)).toMatchObject({ recipient: PETRO, body: "Not hers" })
        const optOuts = await service.listMessagingOptOuts({ phone: OLENA })
        expect(optOuts).toEqual([expect.objectContaining({ phone: OLENA, channel: "sms", note: null })])
        expect(await stats()).toEqual(before)
        // the number is still not messaged
        const { created } = await service.enqueueManualMessages({ channel: "sms", recipients: [OLENA], body: "x" })
        expect(created[0].status).toBe("skipped")
      })
    })
  },
})
