/**
 * A real shop without the plugin: seed it, order through the Store API, run the admin's
 * order operations through the Admin API, and check that Medusa emits the events (and
 * payloads) the plugin listens to.
 */
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { IEventBusModuleService } from "@medusajs/framework/types"
import { adminHeaders, hostEnv, hostIntegrationTestRunner, prepareHost } from "../../test/support/medusa-host"
import { seedShop, type ShopSeed } from "../../test/support/seed-shop"
import { placeOrder, registerCustomer } from "../../test/support/storefront"
import {
  cancelOrder,
  capturePayment,
  completeOrder,
  createFulfillment,
  createShipment,
  getOrder,
  markDelivered,
  receiveReturn,
  refundPayment,
  requestReturn,
} from "../../test/support/order-ops"

jest.setTimeout(300_000)

const cwd = prepareHost({ withPlugin: false })

const PHONE = "+380671234567"
const WATCHED = [
  "order.placed",
  "payment.captured",
  "order.fulfillment_created",
  "shipment.created",
  "delivery.created",
  "order.canceled",
  "order.completed",
  "payment.refunded",
  "order.return_requested",
  "order.return_received",
] as const

type Seen = { name: string; data: any; at: number }

hostIntegrationTestRunner({
  cwd,
  env: hostEnv({}, { MESSAGING_PLUGIN_DISABLED: "true" }),
  testSuite: ({ api, getContainer }) => {
    let seed: ShopSeed
    let admin: Record<string, string>
    const seen: Seen[] = []
    const all: Seen[] = []
    const placedSnapshots = new Map<string, any>()

    const waitFor = async (name: string, match: (data: any) => boolean = () => true, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const hit = seen.find((e) => e.name === name && match(e.data))
        if (hit) return hit
        if (Date.now() > deadline) {
          throw new Error(
            `event ${name} not seen within ${timeoutMs}ms; seen: ${JSON.stringify(all.map((e) => e.name))}`
          )
        }
        await new Promise((r) => setTimeout(r, 25))
      }
    }

    beforeAll(async () => {
      const container = getContainer()
      // Seeded once: the runner snapshots the database after the beforeAll hooks and
      // restores that snapshot before every test.
      seed = await seedShop(container)
      admin = (await adminHeaders(container)).headers

      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const bus = container.resolve<IEventBusModuleService>(Modules.EVENT_BUS)
      // What a subscriber of order.placed finds when it looks at the order right away.
      bus.subscribe("order.placed", async (event: any) => {
        const { data } = await query.graph({
          entity: "order",
          fields: ["id", "payment_collections.status", "payment_collections.payments.id"],
          filters: { id: event.data.id },
        })
        placedSnapshots.set(event.data.id, data[0])
      })
      for (const name of WATCHED) {
        bus.subscribe(name, async (event: any) => {
          seen.push({ name: event.name, data: event.data, at: Date.now() })
        })
      }
      bus.subscribe("*", async (event: any) => {
        all.push({ name: event.name, data: event.data, at: Date.now() })
      })
    })

    beforeEach(() => {
      seen.length = 0
      all.length = 0
    })

    afterEach(() => {
      if (process.env.SHOP_FLOW_LOG_EVENTS) {
        console.log(
          `[${expect.getState().currentTestName}] events:\n` +
            all.map((e) => `  ${e.name} ${JSON.stringify(e.data)}`).join("\n")
        )
      }
    })

    afterAll(() => {
      delete process.env.MESSAGING_PLUGIN_DISABLED
    })

    it("seeds a shop with two channels, keys, a region and a product", async () => {
      expect(seed.salesChannels.web.name).toBe("Webshop")
      expect(seed.salesChannels.kyiv.name).toBe("Kyiv Store")
      expect(seed.publishableKeys.web).toMatch(/^pk_/)
      expect(seed.publishableKeys.kyiv).toMatch(/^pk_/)
      expect(seed.region.countries).toEqual(expect.arrayContaining(["ua", "de", "gb", "pl"]))
      expect(seed.variants).toHaveLength(2)

      const { data } = await api.get("/store/products", {
        headers: { "x-publishable-api-key": seed.publishableKeys.kyiv },
        params: { region_id: seed.region.id, fields: "id,title,*variants.calculated_price" },
      })
      expect(data.products.map((p: any) => p.title)).toEqual(["Medusa T-Shirt"])
      expect(data.products[0].variants[0].calculated_price.calculated_amount).toBe(25)

      const { data: store } = await api.get("/admin/stores", { headers: admin })
      const currencies = store.stores[0].supported_currencies.map((c: any) => [c.currency_code, c.is_default])
      expect(currencies).toEqual(
        expect.arrayContaining([
          ["eur", true],
          ["usd", false],
          ["uah", false],
        ])
      )
      expect(store.stores[0].default_sales_channel_id).toBe(seed.salesChannels.web.id)
    })

    it("takes an order in the Kyiv channel and walks it through capture, fulfilment, shipment, delivery, return and completion", async () => {
      const { customer, token } = await registerCustomer(api, seed, {
        email: "olena@example.com",
        password: "secret-123",
        first_name: "Olena",
        last_name: "Shevchenko",
        phone: PHONE,
        salesChannel: "kyiv",
      })
      expect(customer).toMatchObject({ email: "olena@example.com", phone: PHONE, has_account: true })

      const placedAt = Date.now()
      const { order: placed, cart } = await placeOrder(api, seed, {
        salesChannel: "kyiv",
        email: "olena@example.com",
        phone: PHONE,
        customerToken: token,
        items: [{ variant_id: seed.variants[0].id, quantity: 2 }],
      })
      const respondedAt = Date.now()
      expect(cart.sales_channel_id).toBe(seed.salesChannels.kyiv.id)
      expect(placed.id).toMatch(/^order_/)

      const placedEvent = await waitFor("order.placed", (d) => d.id === placed.id)
      expect(placedEvent.data).toEqual({ id: placed.id })
      // order.placed is emitted when the complete-cart workflow finishes: right around the HTTP response.
      expect(placedEvent.at).toBeGreaterThanOrEqual(placedAt)
      if (process.env.SHOP_FLOW_LOG_EVENTS) {
        await new Promise((r) => setTimeout(r, 200))
        console.log(
          `order.placed seen ${placedEvent.at - respondedAt}ms after the complete response returned; ` +
            `order as a subscriber saw it: ${JSON.stringify(placedSnapshots.get(placed.id))}`
        )
      }

      let order = await getOrder(api, admin, placed.id)
      expect(order).toMatchObject({
        sales_channel_id: seed.salesChannels.kyiv.id,
        customer_id: customer.id,
        email: "olena@example.com",
        payment_status: "authorized",
        fulfillment_status: "not_fulfilled",
      })
      expect(order.shipping_address).toMatchObject({ phone: PHONE, country_code: "ua", first_name: "Olena" })
      expect(order.billing_address.phone).toBe(PHONE)
      expect(order.total).toBe(55) // 2 × 25 + 5 shipping, no tax rates

      const { paymentId, payment } = await capturePayment(api, admin, order.id)
      expect(payment.captures).toHaveLength(1)
      expect(payment.captured_at).toBeTruthy()
      expect((await waitFor("payment.captured", (d) => d.id === paymentId)).data).toEqual({ id: paymentId })

      const { fulfillmentId } = await createFulfillment(api, admin, order.id)
      expect(fulfillmentId).toMatch(/^ful_/)
      // no_notification not given: the key is absent from the payload (not false).
      const fulfilled = await waitFor("order.fulfillment_created", (d) => d.fulfillment_id === fulfillmentId)
      expect(fulfilled.data).toStrictEqual({ order_id: order.id, fulfillment_id: fulfillmentId })

      ;({ order } = await createShipment(api, admin, order.id, fulfillmentId, {
        tracking_number: "20450000000000",
        tracking_url: "https://novaposhta.ua/tracking/?cargo_number=20450000000000",
        no_notification: false,
      }))
      const shipped = order.fulfillments.find((f: any) => f.id === fulfillmentId)
      expect(shipped.shipped_at).toBeTruthy()
      expect(shipped.labels).toEqual([
        expect.objectContaining({
          tracking_number: "20450000000000",
          tracking_url: "https://novaposhta.ua/tracking/?cargo_number=20450000000000",
        }),
      ])
      expect(order.fulfillment_status).toBe("shipped")
      expect((await waitFor("shipment.created", (d) => d.id === fulfillmentId)).data).toEqual({
        id: fulfillmentId,
        no_notification: false,
      })

      ;({ order } = await markDelivered(api, admin, order.id, fulfillmentId, { no_notification: true }))
      expect(order.fulfillments.find((f: any) => f.id === fulfillmentId).delivered_at).toBeTruthy()
      expect(order.fulfillment_status).toBe("delivered")
      expect((await waitFor("delivery.created", (d) => d.id === fulfillmentId)).data).toEqual({
        id: fulfillmentId,
        no_notification: true,
      })

      const item = order.items[0]
      const { returnId, return: requested } = await requestReturn(api, admin, order.id, [{ id: item.id, quantity: 1 }])
      expect(returnId).toMatch(/^return_/)
      expect(requested.status).toBe("requested")
      expect((await waitFor("order.return_requested", (d) => d.return_id === returnId)).data).toEqual({
        order_id: order.id,
        return_id: returnId,
      })

      const { return: received } = await receiveReturn(api, admin, returnId, [{ id: item.id, quantity: 1 }])
      expect(received.status).toBe("received")
      expect((await waitFor("order.return_received", (d) => d.return_id === returnId)).data).toEqual({
        order_id: order.id,
        return_id: returnId,
      })

      ;({ order } = await completeOrder(api, admin, order.id))
      expect(order.status).toBe("completed")
      expect((await waitFor("order.completed", (d) => d.id === order.id)).data).toEqual({ id: order.id })
    })

    it("cancels a second (guest, web channel) order", async () => {
      const { order: placed } = await placeOrder(api, seed, { email: "guest@example.com", phone: "+380501112233" })
      await waitFor("order.placed", (d) => d.id === placed.id)

      const { order } = await cancelOrder(api, admin, placed.id)
      expect(order.status).toBe("canceled")
      expect(order.sales_channel_id).toBe(seed.salesChannels.web.id)
      expect(order.customer_id).toBeTruthy() // guests get a customer record without an account
      expect(order.payment_collections[0].status).toBe("canceled")
      expect((await waitFor("order.canceled", (d) => d.id === placed.id)).data).toEqual({ id: placed.id })
    })

    it("refunds part of a third order's captured payment", async () => {
      const { order: placed } = await placeOrder(api, seed, {
        salesChannel: "kyiv",
        email: "refund@example.com",
        phone: PHONE,
        items: [{ variant_id: seed.variants[1].id, quantity: 1 }],
      })
      const { paymentId } = await capturePayment(api, admin, placed.id)
      await waitFor("payment.captured", (d) => d.id === paymentId)

      const { refundId, payment } = await refundPayment(api, admin, placed.id, 10, { note: "size exchange" })
      expect(refundId).toMatch(/^ref_/)
      expect(payment.refunds).toEqual([expect.objectContaining({ id: refundId, amount: 10 })])
      expect((await waitFor("payment.refunded", (d) => d.id === paymentId)).data).toEqual({ id: paymentId })

      const order = await getOrder(api, admin, placed.id)
      expect(order.payment_status).toBe("partially_refunded")
    })

    it("cancelling a captured order refunds it without a payment.refunded event", async () => {
      const { order: placed } = await placeOrder(api, seed, { email: "late-cancel@example.com", phone: PHONE })
      const { paymentId } = await capturePayment(api, admin, placed.id)
      await waitFor("payment.captured", (d) => d.id === paymentId)

      const { order } = await cancelOrder(api, admin, placed.id)
      await waitFor("order.canceled", (d) => d.id === placed.id)
      const payment = order.payment_collections.flatMap((pc: any) => pc.payments).find((p: any) => p.id === paymentId)
      expect(payment.refunds).toHaveLength(1)

      await new Promise((r) => setTimeout(r, 500))
      expect(seen.filter((e) => e.name === "payment.refunded")).toEqual([])
    })
  },
})
