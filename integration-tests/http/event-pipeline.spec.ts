/**
 * Shop events → outbox → the fake BSG server, on the real host: the customer SMS and the
 * admin copy with the right text, one message per recipient however often an event
 * arrives, no_notification honoured.
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { startFakeBsg, type FakeBsg } from "../../test/fakes"
import { adminHeaders, hostEnv, prepareHost } from "../../test/support/medusa-host"
import { seedShop, type ShopSeed } from "../../test/support/seed-shop"
import { placeOrder } from "../../test/support/storefront"
import { cancelOrder, capturePayment, createFulfillment, createShipment, markDelivered } from "../../test/support/order-ops"
import { waitFor } from "../../test/support/wait"

jest.setTimeout(300_000)

const CUSTOMER = "+380671234567"
const ADMIN = "+380501112233"
let bsg: FakeBsg
const cwd = prepareHost()

const pluginOptions = (bsgUrl: string) => ({
  accounts: [{ key: "bsg-main", type: "bsg", base_url: bsgUrl, credentials: { api_key: "live_fakebsgkey0123456789" }, config: { sender: "MyShop" } }],
  defaults: { site_name: "Test Shop", default_region: "UA", time_zone: "Europe/Kyiv", admin_phones: [ADMIN], sms_sender: "MyShop" },
  dispatch: { retry_base_ms: 200 },
})

// Runs before the runner's own beforeAll (parent hooks first): the fake's URL goes into the options.
beforeAll(async () => {
  bsg = await startFakeBsg()
  Object.assign(process.env, hostEnv(pluginOptions(bsg.url)))
})
afterAll(async () => bsg?.close())

medusaIntegrationTestRunner({
  cwd,
  env: {},
  testSuite: ({ api, getContainer, dbConnection }) => {
    let seed: ShopSeed
    let admin: { headers: Record<string, string> }

    beforeEach(async () => {
      bsg.reset()
      seed = await seedShop(getContainer())
      admin = await adminHeaders(getContainer())
    })

    const rowsFor = async (orderId: string, event: string) =>
      (await dbConnection.raw(`SELECT * FROM messaging_message WHERE order_id = ? AND event_name = ? ORDER BY audience, recipient`, [orderId, event])).rows

    it("completing a cart sends the customer SMS and the admin copy with the order's text", async () => {
      const { order } = await placeOrder(api, seed, { salesChannel: "kyiv", phone: CUSTOMER, firstName: "Olena" })
      const toCustomer = await waitFor("customer SMS at BSG", () => bsg.messagesTo(CUSTOMER)[0])
      const toAdmin = await waitFor("admin SMS at BSG", () => bsg.messagesTo(ADMIN)[0])
      expect(toCustomer.channel).toBe("sms")
      expect(toCustomer.originator).toBe("MyShop")
      expect(toCustomer.body).toContain(String(order.display_id))
      expect(toAdmin.body).toContain(String(order.display_id))
      const rows = await waitFor("rows marked sent", async () => {
        const r = await rowsFor(order.id, "order.placed")
        return r.length === 2 && r.every((m: any) => m.status === "sent") && r
      })
      expect(rows.map((r: any) => [r.audience, r.recipient, r.sales_channel_id])).toEqual([
        ["admin", ADMIN, seed.salesChannels.kyiv.id],
        ["customer", CUSTOMER, seed.salesChannels.kyiv.id],
      ])
      // our id is BSG's reference; each accepted exactly once
      for (const r of rows) expect(bsg.acceptedCountByReference.get(r.id.replace(/[^A-Za-z0-9]/g, ""))).toBe(1)
    })

    it("the customer SMS has the order's total; line totals are loaded only for a template that reads them (a staff e-mail)", async () => {
      const query = getContainer().resolve("query") as any
      const withTotals = async (id: string) =>
        (await query.graph({ entity: "order", fields: ["total", "items.title", "items.quantity", "items.total"], filters: { id } })).data[0]
      const euros = (n: unknown) => `€${Number(n).toFixed(2)}`

      const { order: first } = await placeOrder(api, seed, { phone: CUSTOMER })
      const [toCustomer] = await waitFor("customer row", async () => (await rowsFor(first.id, "order.placed")).filter((r: any) => r.audience === "customer").length === 1 && (await rowsFor(first.id, "order.placed")).filter((r: any) => r.audience === "customer"))
      expect(toCustomer.body).toContain(`Total: ${euros((await withTotals(first.id)).total)}`)

      const messaging = getContainer().resolve("messaging") as any
      const [staff] = await messaging.createMessagingStaffProfiles([{ name: "Warehouse", email: "warehouse@shop.test", events: ["order.placed"] }])
      try {
        const variant = seed.variants[0]
        const { order: second } = await placeOrder(api, seed, { phone: CUSTOMER, items: [{ variant_id: variant.id, quantity: 2 }] })
        const mail = await waitFor("staff e-mail row", async () => (await rowsFor(second.id, "order.placed")).find((r: any) => r.channel === "email" && r.audience === "staff"))
        const loaded = await withTotals(second.id)
        expect(mail.recipient).toBe("warehouse@shop.test")
        expect(mail.body).toContain(`- 2 x ${loaded.items[0].title}`)
        expect(mail.body).toContain(`: ${euros(loaded.items[0].total)}\n`)
        expect(mail.body).toContain(`Total: ${euros(loaded.total)}`)
      } finally {
        await messaging.deleteMessagingStaffProfiles([staff.id])
      }
    })

    it("the same event delivered five times yields one message per recipient and channel", async () => {
      const { order } = await placeOrder(api, seed, { phone: CUSTOMER })
      await waitFor("first messages", async () => (await rowsFor(order.id, "order.placed")).length === 2)
      const bus = getContainer().resolve(Modules.EVENT_BUS)
      for (let i = 0; i < 5; i++) await bus.emit({ name: "order.placed", data: { id: order.id } })
      await new Promise((r) => setTimeout(r, 1500))
      expect(await rowsFor(order.id, "order.placed")).toHaveLength(2)
      await waitFor("BSG got them", () => bsg.messagesTo(CUSTOMER).length >= 1)
      expect(bsg.messagesTo(CUSTOMER)).toHaveLength(1)
      expect(bsg.messagesTo(ADMIN)).toHaveLength(1)
    })

    it("payment capture, fulfillment, shipment with tracking, delivery and cancel each message the customer", async () => {
      const { order } = await placeOrder(api, seed, { phone: CUSTOMER })
      await capturePayment(api, admin, order.id)
      await waitFor("payment.captured SMS", async () => (await rowsFor(order.id, "payment.captured")).some((r: any) => r.audience === "customer"))
      const { fulfillmentId } = await createFulfillment(api, admin, order.id)
      await waitFor("fulfillment SMS", async () => (await rowsFor(order.id, "order.fulfillment_created")).length > 0)
      await createShipment(api, admin, order.id, fulfillmentId, { tracking_number: "TRK-777-UA", tracking_url: "https://track.example/TRK-777-UA" })
      const shipped = await waitFor("shipment SMS", async () => (await rowsFor(order.id, "shipment.created")).find((r: any) => r.audience === "customer"))
      expect(shipped.body).toContain("TRK-777-UA")
      await markDelivered(api, admin, order.id, fulfillmentId)
      await waitFor("delivery SMS", async () => (await rowsFor(order.id, "delivery.created")).length > 0)
      await waitFor("all at BSG", () => bsg.messagesTo(CUSTOMER).some((m) => m.body.includes("TRK-777-UA")) && bsg.messagesTo(CUSTOMER).length >= 5)

      const second = await placeOrder(api, seed, { phone: CUSTOMER })
      await cancelOrder(api, admin, second.order.id)
      const canceled = await waitFor("cancel SMS", async () => (await rowsFor(second.order.id, "order.canceled")).find((r: any) => r.audience === "customer"))
      expect(canceled.body).toContain(String(second.order.display_id))
    })

    it("no_notification sends nothing to the customer", async () => {
      const { order } = await placeOrder(api, seed, { phone: CUSTOMER })
      const { fulfillmentId } = await createFulfillment(api, admin, order.id, { no_notification: true })
      await createShipment(api, admin, order.id, fulfillmentId, { tracking_number: "TRK-SILENT", tracking_url: "https://t.example/x", no_notification: true })
      // the shipment event arrived and was processed: wait for the workflow to finish, then check
      await new Promise((r) => setTimeout(r, 2000))
      expect((await rowsFor(order.id, "shipment.created")).filter((r: any) => r.audience === "customer")).toEqual([])
      expect((await rowsFor(order.id, "order.fulfillment_created")).filter((r: any) => r.audience === "customer")).toEqual([])
      expect(bsg.messagesTo(CUSTOMER).some((m) => m.body.includes("TRK-SILENT"))).toBe(false)
    })
  },
})
