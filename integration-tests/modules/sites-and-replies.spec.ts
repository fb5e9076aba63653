/**
 * Behaviour shop owners meet (issue 12): a site switched off sends nothing, an event can
 * be switched off per site, a site's disabled template does not fall back to the global
 * one; replies change consent only when the whole message is a keyword of the site's
 * list; BSG replies are polled; a retry due at night waits for the morning.
 */
import { messagingModuleRunner } from "./support/messaging-module"
import { type FakeBsg, startFakeBsg } from "../../test/fakes"
import { zoneWhereHourIs } from "../../test/support/time-zones"

jest.setTimeout(120_000)

let bsg: FakeBsg
beforeAll(async () => {
  bsg = await startFakeBsg({ balance: 1e6 })
})
afterAll(async () => bsg?.close())

const SC = "sc_behaviour_kyiv"
const order = { id: "order_1", display_id: 1042, currency_code: "uah", total: 1100, items: [] }
const event = (name = "order.placed", phone = "067 123 45 67") => ({
  event_name: name,
  resource_id: `order_1:${name}`,
  order_id: "order_1",
  sales_channel_id: SC,
  context: { order },
  customer_phones: [{ source: "shipping" as const, phone, country: "UA" }],
})

messagingModuleRunner({
  moduleOptions: {
    defaults: { default_region: "UA", sms_sender: "MyShop" },
  },
  testSuite: ({ service }) => {
    const ownSite = async (over: Record<string, unknown> = {}) => {
      await service.ensureInstalled()
      const [global] = await service.listMessagingSites({ sales_channel_id: null })
      await service.updateMessagingSites({ id: global.id, admin_phones: [], default_region: "UA" } as any)
      const [site] = await service.createMessagingSites([
        { sales_channel_id: SC, name: "Kyiv", default_region: "UA", admin_phones: [], ...over } as any,
      ])
      return site
    }

    describe("per sales channel", () => {
      it("a site switched off sends nothing for its orders (it does not fall back to the global site)", async () => {
        await ownSite({ enabled: false })
        expect(await service.enqueueEventMessages(event())).toEqual([])
        expect(await service.listMessagingMessages({ sales_channel_id: SC })).toHaveLength(0)
      })

      it("an event switched off for a site sends nothing; its other events go", async () => {
        await ownSite({ disabled_events: ["order.placed"] })
        expect(await service.enqueueEventMessages(event("order.placed"))).toEqual([])
        const canceled = await service.enqueueEventMessages(event("order.canceled"))
        expect(canceled.map((m) => [m.audience, m.recipient])).toEqual([["customer", "+380671234567"]])
      })

      it("a site's own template switched off sends nothing instead of the global template", async () => {
        await ownSite()
        const [global] = await service.listMessagingTemplates({
          code: "BW_ORDER_PLACED_CUSTOMER",
          locale: "en",
          sales_channel_id: null,
        })
        await service.createMessagingTemplates([
          { ...pick(global), sales_channel_id: SC, enabled: false, body: "Kyiv only #ORDER_ID#" } as any,
        ])
        expect(await service.enqueueEventMessages(event())).toEqual([])
      })

      it("reads the customer's phone where the site says, with or without fallback", async () => {
        await ownSite({ phone_sources: ["billing", "customer", "shipping"], phone_fallback: true })
        const input = {
          ...event(),
          customer_phones: [
            { source: "shipping" as const, phone: "067 123 45 67", country: "UA" },
            { source: "billing" as const, phone: "044 235 12 34", country: "UA" }, // landline
            { source: "customer" as const, phone: "050 111 22 33", country: "UA" },
          ],
        }
        // billing is a landline: the next source in the site's order is the profile
        const [row] = await service.enqueueEventMessages(input)
        expect(row.recipient).toBe("+380501112233")
      })
    })

    describe("replies and consent", () => {
      const account = { id: "macc_test", type: "twilio" }
      const optedOut = async (phone: string) => (await service.listMessagingOptOuts({ phone })).length > 0

      it("only a whole-message keyword changes consent; every other reply is stored", async () => {
        await service.ensureInstalled()
        for (const text of ["Cancel my order 1042", "End of day delivery ok?", "Stop sending the wrong size"]) {
          const [r] = await service.recordInboundMessages(account, [
            { from: "+380671234567", text, received_at: new Date() },
          ])
          expect(r.keyword).toBeNull()
        }
        expect(await optedOut("+380671234567")).toBe(false)
        const [stop] = await service.recordInboundMessages(account, [
          { from: "+380671234567", text: "СТОП", received_at: new Date() },
        ])
        expect(stop.keyword).toBe("opt_out")
        expect(await optedOut("+380671234567")).toBe(true)
        const [home] = await service.recordInboundMessages(account, [
          { from: "+380671234567", text: "Yes, I'll be home", received_at: new Date() },
        ])
        expect(home.keyword).toBeNull()
        expect(await optedOut("+380671234567")).toBe(true)
        const inbound = await service.listMessagingMessages({ direction: "inbound", recipient: "+380671234567" })
        expect(inbound).toHaveLength(5)
      })

      it("the keywords of the site that last wrote to the number decide", async () => {
        await ownSite({ optout_keywords: ["ХВАТИТ"], optin_keywords: ["AGAIN"] })
        await service.enqueueEventMessages(event("order.placed", "067 000 11 22"))
        const [r1] = await service.recordInboundMessages(account, [
          { from: "+380670001122", text: "STOP", received_at: new Date() },
        ])
        expect(r1.keyword).toBeNull()
        const [r2] = await service.recordInboundMessages(account, [
          { from: "+380670001122", text: "Хватит!", received_at: new Date() },
        ])
        expect(r2.keyword).toBe("opt_out")
        expect(await optedOut("+380670001122")).toBe(true)
      })

      it("BSG replies are polled for accounts with poll_replies, each stored once", async () => {
        bsg.reset()
        await service.ensureInstalled()
        await service.createMessagingProviderAccounts({
          key: "bsg-replies",
          name: "BSG",
          type: "bsg",
          priority: 1,
          channels: [],
          base_url: bsg.url,
          credentials: { api_key: "live_fakebsgkey0123456789" },
          config: { sender: "MyShop", poll_replies: true },
        } as any)
        bsg.receiveReply("380679998877", "stop")
        bsg.receiveReply("380679998866", "Where is my parcel?")
        expect(await service.pollInboundReplies()).toBe(2)
        expect(await optedOut("+380679998877")).toBe(true)
        expect(await optedOut("+380679998866")).toBe(false)
        expect(await service.pollInboundReplies()).toBe(0)
      })
    })

    describe("quiet hours and retries", () => {
      it("a retry that falls in the night window waits for the morning; a critical one does not", async () => {
        bsg.reset()
        await service.ensureInstalled()
        await service.createMessagingProviderAccounts({
          key: "bsg-night",
          name: "BSG",
          type: "bsg",
          priority: 1,
          channels: [],
          base_url: bsg.url,
          credentials: { api_key: "live_fakebsgkey0123456789" },
          config: { sender: "MyShop" },
        } as any)
        service.invalidateCaches()
        await bsg.setMode("http500")
        // a zone where it is 23:xx now: the window 22:00–07:00 covers the retry time
        const quiet_hours = { timeZone: zoneWhereHourIs(23), start: "22:00", end: "07:00" }
        const [normal, critical] = await service.enqueueMessages([
          { channel: "sms", recipient: "+380671234567", body: "shipped", sender: "MyShop", metadata: { quiet_hours } },
          {
            channel: "sms",
            recipient: "+380671234568",
            body: "code 1234",
            sender: "MyShop",
            critical: true,
            metadata: { quiet_hours },
          },
        ])
        await service.dispatchNow()
        await bsg.setMode("ok")
        const [n, c] = await Promise.all([
          service.retrieveMessagingMessage(normal.id),
          service.retrieveMessagingMessage(critical.id),
        ])
        expect(n.status).toBe("queued")
        expect(c.status).toBe("queued")
        const hours = (d: unknown) => (new Date(d as string).getTime() - Date.now()) / 3_600_000
        // 07:00 is 7–8 hours after 23:xx; the backoff alone is seconds to minutes
        expect(hours(n.next_attempt_at)).toBeGreaterThan(6.9)
        expect(hours(c.next_attempt_at)).toBeLessThan(1)
      })
    })
  },
})

function pick(t: Record<string, any>) {
  const { id: _i, created_at: _c, updated_at: _u, deleted_at: _d, ...rest } = t
  return rest
}
