/**
 * Manual sending and History on the real host with a fake BSG: a message from an order
 * reaches the provider with the order's data, shows in the order's and customer's
 * history; filters, detail timeline, cancel/release/resend, CSV export, stats, opt-outs
 * and the debug log.
 *
 * And (formerly admin-send-again.spec.ts, now sharing this spec's host):
 * "Send again" for messages held with an unknown outcome (status `unknown`: the request
 * may have reached a provider that cannot be asked, unknown_outcome "hold"): History lists
 * them (the General tab counts them through the same filter), and the route queues the same
 * message again; any other status is left as it is.
 */
import { startFakeBsg, type FakeBsg } from "../../test/fakes"
import { adminHeaders, hostEnv, hostIntegrationTestRunner, prepareHost } from "../../test/support/medusa-host"
import { seedShop, type ShopSeed } from "../../test/support/seed-shop"
import { placeOrder, registerCustomer } from "../../test/support/storefront"
import { waitFor } from "../../test/support/wait"
import { BSG_KEY, CUSTOMER_PHONE, bsgPluginOptions, call } from "./admin-support"

jest.setTimeout(300_000)

let bsg: FakeBsg
const cwd = prepareHost()
const OTHER_PHONE = "+380501112233"
const SEND_AGAIN_PHONE = "+380501234500"

beforeAll(async () => {
  bsg = await startFakeBsg({ apiKey: BSG_KEY })
  // No template for order.placed: the tests control every message themselves.
  Object.assign(process.env, hostEnv(bsgPluginOptions(bsg.url, { install_default_templates: false })))
})
afterAll(async () => bsg?.close())

hostIntegrationTestRunner({
  cwd,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let headers: Record<string, string>
    let seed: ShopSeed
    let order: any
    let customer: any
    const get = (url: string, params?: Record<string, unknown>) => call(api, "get", url, { headers, params })
    const post = (url: string, body: unknown) => call(api, "post", url, { headers, body })
    const del = (url: string, params?: Record<string, unknown>) => call(api, "delete", url, { headers, params })
    const messaging = () => getContainer().resolve("messaging") as any

    beforeAll(async () => {
      seed = await seedShop(getContainer())
      headers = (await adminHeaders(getContainer())).headers
      const registered = await registerCustomer(api, seed, {
        email: "olena@example.com",
        password: "secret123",
        first_name: "Olena",
        phone: CUSTOMER_PHONE,
      })
      customer = registered.customer
      ;({ order } = await placeOrder(api, seed, {
        phone: "067 123 45 67",
        firstName: "Olena",
        customerToken: registered.token,
        email: "olena@example.com",
      }))
    })
    beforeEach(() => {
      messaging().invalidateCaches()
      bsg.reset()
    })

    const sendFromOrder = (body: Record<string, unknown> = {}) =>
      post("/admin/messaging/send", {
        order_id: order.id,
        to: CUSTOMER_PHONE,
        body: "Hi #CUSTOMER_FIRST_NAME#, order ##ORDER_ID# is packed",
        ...body,
      })

    it("the order page gets the order's phones and an empty history", async () => {
      const res = await get(`/admin/messaging/orders/${order.id}`)
      expect(res.status).toBe(200)
      expect(res.data.order).toMatchObject({
        id: order.id,
        display_id: order.display_id,
        sales_channel_id: seed.salesChannels.web.id,
        customer_id: customer.id,
      })
      expect(res.data.phones[0]).toMatchObject({ source: "shipping_address", phone: CUSTOMER_PHONE, valid: true })
      expect(res.data.messages).toEqual([])
      expect((await get("/admin/messaging/orders/order_nope")).status).toBe(404)
    })

    it("the order page lists the phones in the site's phone-source order", async () => {
      const { data } = await get("/admin/messaging/sites")
      const global = data.sites.find((s: any) => s.sales_channel_id === null)
      try {
        expect(
          (await post(`/admin/messaging/sites/${global.id}`, { phone_sources: ["customer", "shipping"] })).status
        ).toBe(200)
        const res = await get(`/admin/messaging/orders/${order.id}`)
        // the profile and the shipping address hold the same number: it is listed once, under the site's first source
        expect(res.data.phones[0]).toMatchObject({ source: "customer", phone: CUSTOMER_PHONE, valid: true })
        expect(res.data.phones.filter((p: any) => p.phone === CUSTOMER_PHONE)).toHaveLength(1)
      } finally {
        await post(`/admin/messaging/sites/${global.id}`, { phone_sources: ["shipping", "billing", "customer"] })
      }
    })

    it("sends a manual SMS from an order: rendered with the order's data, at BSG, in the order's and customer's history", async () => {
      const sent = await sendFromOrder()
      expect(sent.status).toBe(201)
      expect(sent.data.message).toMatchObject({
        channel: "sms",
        recipient: CUSTOMER_PHONE,
        order_id: order.id,
        customer_id: customer.id,
        event_name: "manual",
      })
      const atBsg = await waitFor("the SMS at BSG", () => bsg.messagesTo(CUSTOMER_PHONE.slice(1))[0])
      expect(atBsg.body).toBe(`Hi Olena, order #${order.display_id} is packed`)
      expect(atBsg.originator).toBe("MyShop")

      const history = await waitFor("status sent in the order history", async () => {
        const r = await get(`/admin/messaging/orders/${order.id}`)
        return r.data.messages[0]?.status === "sent" && r
      })
      expect(history.data.messages).toHaveLength(1)
      const mine = await get(`/admin/messaging/customers/${customer.id}`)
      expect(mine.data.messages.map((m: any) => m.id)).toEqual([sent.data.message.id])
      expect(mine.data.opt_outs).toEqual([
        { phone: CUSTOMER_PHONE, channels: { sms: { opted_out: false }, viber: { opted_out: false } } },
      ])

      const detail = await get(`/admin/messaging/messages/${sent.data.message.id}`)
      expect(detail.status).toBe(200)
      expect(detail.data.message).toMatchObject({ status: "sent", segments: 1, provider_type: "bsg" })
      expect(detail.data.events.map((e: any) => e.status)).toEqual(expect.arrayContaining(["sent"]))
      expect((await get("/admin/messaging/messages/msg_nope")).status).toBe(404)
    })

    it("sends with a template, and from a customer without an order", async () => {
      const tpl = await post("/admin/messaging/templates", {
        event_name: "manual",
        audience: "customer",
        body: "#SITE_NAME#: hello #CUSTOMER_FIRST_NAME#",
      })
      const viaTemplate = await post("/admin/messaging/send", {
        customer_id: customer.id,
        to: CUSTOMER_PHONE,
        template_id: tpl.data.template.id,
      })
      expect(viaTemplate.status).toBe(201)
      expect(viaTemplate.data.message).toMatchObject({
        body: "Test Shop: hello Olena",
        customer_id: customer.id,
        order_id: null,
        template_code: "CUSTOM_MANUAL_CUSTOMER_SMS",
      })
      await waitFor("at BSG", () => bsg.messagesTo(CUSTOMER_PHONE.slice(1)).length === 1)
    })

    it("refuses bad manual sends, naming the field", async () => {
      const cases: Array<[Record<string, unknown>, string, number]> = [
        [{ to: "+380441234567" }, "to", 400],
        [{ to: "12" }, "to", 400],
        [{ to: "not a phone" }, "to", 400],
        [{ body: "x".repeat(10_240) }, "body", 400],
        [{ body: "Hi #NOPE#" }, "body", 400],
        [{ body: undefined }, "body", 400],
        [{ template_id: "mtpl_x" }, "body", 400],
        [{ channel: "fax" }, "channel", 400],
        [{ channel: "telegram", to: "-42" }, "to", 400],
        [{ channel: "email", to: "nobody" }, "to", 400],
        [{ order_id: "order_nope" }, "Order", 404],
        // Postgres text cannot hold NUL: refused up front, not a 500 from the insert
        [{ body: "Hi\u0000there" }, "body", 400],
        [{ subject: "a\u0000" }, "subject", 400],
      ]
      for (const [body, field, status] of cases) {
        const res = await sendFromOrder(body)
        expect([field, res.status]).toEqual([field, status])
        expect(res.data.message).toContain(field)
      }
      const search = await get("/admin/messaging/messages", { q: "a\u0000b" })
      expect([search.status, search.data.message]).toEqual([
        400,
        "Invalid request: Field 'q' contains a NUL character (U+0000), which cannot be stored",
      ])
      expect(bsg.requests.length).toBe(0)
      expect((await get("/admin/messaging/messages")).data.count).toBe(0)
    })

    it("History: filters by status, channel, phone and text, date range; CSV export of the filtered list", async () => {
      await sendFromOrder({ body: '=HYPERLINK("http://evil") first' })
      await post("/admin/messaging/send", { order_id: order.id, to: OTHER_PHONE, body: 'second, with "quotes"' })
      await waitFor(
        "both sent",
        async () => (await get("/admin/messaging/messages", { status: "sent" })).data.count === 2
      )

      expect((await get("/admin/messaging/messages")).data).toMatchObject({ count: 2, limit: 50, offset: 0 })
      expect(
        (await get("/admin/messaging/messages", { q: "0501112233" })).data.messages.map((m: any) => m.recipient)
      ).toEqual([OTHER_PHONE])
      expect((await get("/admin/messaging/messages", { q: "HYPERLINK" })).data.count).toBe(1)
      expect((await get("/admin/messaging/messages", { channel: "viber" })).data.count).toBe(0)
      expect((await get("/admin/messaging/messages", { status: "failed,canceled" })).data.count).toBe(0)
      expect(
        (await get("/admin/messaging/messages", { from: new Date(Date.now() + 3600_000).toISOString() })).data.count
      ).toBe(0)
      expect(
        (
          await get("/admin/messaging/messages", {
            sales_channel_id: seed.salesChannels.web.id,
            event_name: "manual",
            limit: 1,
          })
        ).data.messages
      ).toHaveLength(1)
      for (const [params, field] of [
        [{ status: "lost" }, "status"],
        [{ limit: 0 }, "limit"],
        [{ from: "yesterday" }, "from"],
        [{ channel: "fax" }, "channel"],
      ] as const) {
        const res = await get("/admin/messaging/messages", params)
        expect([field, res.status]).toEqual([field, 400])
        expect(res.data.message).toContain(field)
      }

      const csv = await get("/admin/messaging/messages/export", { q: "0501112233" })
      expect(csv.status).toBe(200)
      expect(csv.headers["content-type"]).toContain("text/csv")
      expect(csv.headers["content-disposition"]).toMatch(/attachment; filename="messages-\d+\.csv"/)
      const lines = csv.text
        .replace(/^\ufeff/, "")
        .trim()
        .split("\r\n")
      expect(lines[0].startsWith("id,created_at,direction,channel,status,recipient")).toBe(true)
      expect(lines).toHaveLength(2)
      expect(lines[1]).toContain('"second, with ""quotes"""')
      const all = await get("/admin/messaging/messages/export")
      expect(all.text).toContain(`'=HYPERLINK(""http://evil"") first`)
    })

    it("cancels and releases queued/deferred messages, resends sent ones", async () => {
      const [held, held2] = await messaging().enqueueMessages([
        {
          channel: "sms",
          recipient: OTHER_PHONE,
          body: "held for the night",
          status: "deferred",
          next_attempt_at: new Date(Date.now() + 6 * 3600_000),
        },
        {
          channel: "sms",
          recipient: OTHER_PHONE,
          body: "held too",
          status: "deferred",
          next_attempt_at: new Date(Date.now() + 6 * 3600_000),
        },
      ])
      const sent = (await sendFromOrder()).data.message
      await waitFor(
        "sent",
        async () => (await get(`/admin/messaging/messages/${sent.id}`)).data.message.status === "sent"
      )

      const canceled = await post("/admin/messaging/messages/cancel", { ids: [held.id, sent.id] })
      expect(canceled.data).toEqual({ canceled: [held.id], not_cancelable: [sent.id] })
      const timeline = (await get(`/admin/messaging/messages/${held.id}`)).data.events
      expect(timeline[timeline.length - 1]).toMatchObject({ status: "canceled", source: "admin" })

      const released = await post("/admin/messaging/messages/release", { ids: [held2.id, held.id] })
      expect(released.data).toEqual({ released: [held2.id], not_released: [held.id] })
      await waitFor("released message at BSG", () => bsg.messagesTo(OTHER_PHONE.slice(1))[0])

      const skipped = (
        await messaging().enqueueMessages([
          { channel: "sms", recipient: OTHER_PHONE, body: "opted out", status: "skipped", error: "opted out" },
        ])
      )[0]
      const resent = await post("/admin/messaging/messages/resend", { ids: [sent.id, skipped.id] })
      expect(resent.status).toBe(201)
      expect(resent.data.messages).toHaveLength(1)
      expect(resent.data.messages[0]).toMatchObject({ parent_id: sent.id, body: sent.body })
      expect(resent.data.not_resent).toEqual([skipped.id])
      await waitFor("resend at BSG", () => bsg.messagesTo(CUSTOMER_PHONE.slice(1)).length === 2)
      const detail = await get(`/admin/messaging/messages/${sent.id}`)
      expect(detail.data.related.children.map((m: any) => m.id)).toEqual([resent.data.messages[0].id])

      for (const body of [
        {},
        { ids: [] },
        { ids: "msg_1" },
        { ids: Array.from({ length: 501 }, (_, i) => `msg_${i}`) },
      ]) {
        const res = await post("/admin/messaging/messages/cancel", body)
        expect(res.status).toBe(400)
        expect(res.data.message).toContain("ids")
      }
    })

    it("stats: per-day counts, cost and the delivery rate", async () => {
      await sendFromOrder()
      await waitFor("sent", async () => (await get("/admin/messaging/messages", { status: "sent" })).data.count === 1)
      const res = await get("/admin/messaging/stats")
      expect(res.status).toBe(200)
      expect(res.data.days).toHaveLength(30)
      const today = res.data.days[res.data.days.length - 1]
      expect(today).toMatchObject({ day: new Date().toISOString().slice(0, 10), total: 1, sent: 1 })
      expect(today.cost).toBeCloseTo(0.23)
      expect(res.data.totals).toMatchObject({ total: 1, sent: 1, delivered: 0, delivery_rate: 0 })
      expect((await get("/admin/messaging/stats", { from: "nope" })).data.message).toContain("from")
    })

    it("opt-outs: an opted-out number is skipped, shows on the customer page, and can be removed", async () => {
      const created = await post("/admin/messaging/opt-outs", {
        phone: "067 123 45 67",
        channel: "sms",
        note: "asked by phone",
      })
      expect(created.status).toBe(201)
      expect(created.data.opt_out).toMatchObject({ phone: CUSTOMER_PHONE, channel: "sms", source: "admin" })
      expect((await post("/admin/messaging/opt-outs", { phone: "+380441234567" })).data.message).toContain("phone")
      expect(
        (await post("/admin/messaging/opt-outs", { phone: CUSTOMER_PHONE, channel: "fax" })).data.message
      ).toContain("channel")

      const skipped = await sendFromOrder()
      expect(skipped.status).toBe(201)
      expect(skipped.data.message.status).toBe("skipped")
      expect(skipped.data.skipped).toHaveLength(1)

      const state = (await get(`/admin/messaging/customers/${customer.id}`)).data.opt_outs[0]
      expect(state.channels.sms).toMatchObject({ opted_out: true, source: "admin" })
      expect(state.channels.viber).toEqual({ opted_out: false })
      expect((await get("/admin/messaging/opt-outs", { q: "0671234567" })).data.count).toBe(1)

      expect((await del(`/admin/messaging/opt-outs/${created.data.opt_out.id}`)).data.deleted).toBe(true)
      expect((await get("/admin/messaging/opt-outs")).data.count).toBe(0)
      expect((await sendFromOrder()).data.message.status).not.toBe("skipped")
      expect((await del("/admin/messaging/opt-outs/mopt_nope")).status).toBe(404)
    })

    it("customer history: inbound messages by phone, search", async () => {
      await messaging().enqueueMessages([
        { direction: "inbound", channel: "sms", recipient: CUSTOMER_PHONE, body: "STOP please", status: "received" },
        { channel: "sms", recipient: OTHER_PHONE, body: "someone else", status: "sent" },
      ])
      await sendFromOrder({ body: "Your parcel is on the way" })
      const res = await get(`/admin/messaging/customers/${customer.id}`)
      expect(res.data.messages.map((m: any) => m.body).sort()).toEqual(
        [`Your parcel is on the way`, "STOP please"].sort()
      )
      expect((await get(`/admin/messaging/customers/${customer.id}`, { q: "parcel" })).data.messages).toHaveLength(1)
      expect((await get("/admin/messaging/customers/cus_nope")).status).toBe(404)
    })

    it("debug log: provider exchanges with the key masked, filter, clear", async () => {
      await post("/admin/messaging/settings", { debug_enabled: true })
      messaging().invalidateCaches()
      await sendFromOrder()
      await waitFor("sent", async () => (await get("/admin/messaging/messages", { status: "sent" })).data.count === 1)
      const log = await waitFor("debug entries", async () => {
        const r = await get("/admin/messaging/debug-log")
        return r.data.count > 0 && r
      })
      expect(log.text).not.toContain(BSG_KEY)
      expect(log.data.entries[0]).toMatchObject({ provider_type: "bsg" })
      expect((await get("/admin/messaging/debug-log", { errors_only: "true" })).data.count).toBe(0)
      expect((await get("/admin/messaging/debug-log", { errors_only: "maybe" })).data.message).toContain("errors_only")
      expect((await del("/admin/messaging/debug-log", { before: "soon" })).data.message).toContain("before")
      const cleared = await del("/admin/messaging/debug-log")
      expect(cleared.data.deleted).toBeGreaterThan(0)
      expect((await get("/admin/messaging/debug-log")).data.count).toBe(0)
    })

    describe("send again (messages held with an unknown outcome)", () => {
      it("lists unknown-outcome messages and sends one again on request; other statuses are not touched", async () => {
        const [held, sent] = await messaging().enqueueMessages([
          {
            channel: "sms",
            recipient: SEND_AGAIN_PHONE,
            body: "maybe at the provider",
            status: "unknown",
            error: "timeout: no answer within the deadline; not sent again",
          },
          { channel: "sms", recipient: SEND_AGAIN_PHONE, body: "already sent", status: "sent" },
        ])
        const listed = await get("/admin/messaging/messages", { status: "unknown", limit: 1 })
        expect(listed.status).toBe(200)
        expect(listed.data.count).toBe(1)
        expect(listed.data.messages[0]).toMatchObject({ id: held.id, status: "unknown" })
        expect(bsg.messagesTo(SEND_AGAIN_PHONE.slice(1))).toHaveLength(0)

        const res = await post("/admin/messaging/messages/send-again", { ids: [held.id, sent.id] })
        expect(res.status).toBe(200)
        expect(res.data).toEqual({ queued: [held.id], not_queued: [sent.id] })
        await waitFor("the message at BSG", () => bsg.messagesTo(SEND_AGAIN_PHONE.slice(1)).length === 1)
        await waitFor(
          "it is sent",
          async () => (await get(`/admin/messaging/messages/${held.id}`)).data.message.status === "sent"
        )
        const detail = await get(`/admin/messaging/messages/${held.id}`)
        expect(detail.data.events.map((e: any) => e.source)).toContain("admin")
        expect((await get("/admin/messaging/messages", { status: "unknown", limit: 1 })).data.count).toBe(0)
        expect((await get(`/admin/messaging/messages/${sent.id}`)).data.message.status).toBe("sent")

        // a second click changes nothing
        expect((await post("/admin/messaging/messages/send-again", { ids: [held.id] })).data).toEqual({
          queued: [],
          not_queued: [held.id],
        })
        expect((await post("/admin/messaging/messages/send-again", { ids: [] })).status).toBe(400)
      })
    })
  },
})
