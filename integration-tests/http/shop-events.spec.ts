/**
 * Shop events through the real host (one host for both parts, formerly
 * event-pipeline.spec.ts and order-events.spec.ts):
 *
 * Event pipeline — shop events → outbox → the fake BSG server: the customer SMS and the
 * admin copy with the right text, one message per recipient however often an event
 * arrives, no_notification honoured.
 *
 * Order events — order, return, claim, exchange, order-edit and customer events: what the
 * customer and the admin copy get, that every update of an order notifies once (a burst
 * is one message), that drafts never text customers, and that the admin's "send
 * notification" switch stored on a return, claim or exchange silences the customer text
 * but not the staff copies.
 */
import { startFakeBsg, type FakeBsg } from "../../test/fakes"
import { adminHeaders, hostEnv, hostIntegrationTestRunner, prepareHost } from "../../test/support/medusa-host"
import { seedShop, type ShopSeed } from "../../test/support/seed-shop"
import { apiCall, placeOrder, registerCustomer } from "../../test/support/storefront"
import {
  capturePayment,
  completeOrder,
  createFulfillment,
  receiveReturn,
  refundPayment,
  cancelOrder,
  createShipment,
  markDelivered,
} from "../../test/support/order-ops"
import { claimWithItem, editQuantity, exchangeWithItem, returnWithItems } from "../../test/support/order-changes"
import { waitFor } from "../../test/support/wait"
import { Modules } from "@medusajs/framework/utils"

jest.setTimeout(300_000)

const CUSTOMER = "+380671234567"
const ADMIN = "+380501112233"
let bsg: FakeBsg
const cwd = prepareHost()

const pluginOptions = (bsgUrl: string) => ({
  accounts: [
    {
      key: "bsg-main",
      type: "bsg",
      base_url: bsgUrl,
      credentials: { api_key: "live_fakebsgkey0123456789" },
      config: { sender: "MyShop" },
    },
  ],
  defaults: {
    site_name: "Test Shop",
    site_url: "https://shop.test",
    default_region: "UA",
    time_zone: "Europe/Kyiv",
    admin_phones: [ADMIN],
    sms_sender: "MyShop",
  },
  dispatch: { retry_base_ms: 200 },
})

beforeAll(async () => {
  bsg = await startFakeBsg()
  Object.assign(process.env, hostEnv(pluginOptions(bsg.url)))
})
afterAll(async () => bsg?.close())

hostIntegrationTestRunner({
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

    describe("event pipeline", () => {
      const rowsFor = async (orderId: string, event: string) =>
        (
          await dbConnection.raw(
            `SELECT * FROM messaging_message WHERE order_id = ? AND event_name = ? ORDER BY audience, recipient`,
            [orderId, event]
          )
        ).rows

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
          (
            await query.graph({
              entity: "order",
              fields: ["total", "items.title", "items.quantity", "items.total"],
              filters: { id },
            })
          ).data[0]
        const euros = (n: unknown) => `€${Number(n).toFixed(2)}`

        const { order: first } = await placeOrder(api, seed, { phone: CUSTOMER })
        const [toCustomer] = await waitFor(
          "customer row",
          async () =>
            (await rowsFor(first.id, "order.placed")).filter((r: any) => r.audience === "customer").length === 1 &&
            (await rowsFor(first.id, "order.placed")).filter((r: any) => r.audience === "customer")
        )
        expect(toCustomer.body).toContain(`Total: ${euros((await withTotals(first.id)).total)}`)

        const messaging = getContainer().resolve("messaging") as any
        const [staff] = await messaging.createMessagingStaffProfiles([
          { name: "Warehouse", email: "warehouse@shop.test", events: ["order.placed"] },
        ])
        try {
          const variant = seed.variants[0]
          const { order: second } = await placeOrder(api, seed, {
            phone: CUSTOMER,
            items: [{ variant_id: variant.id, quantity: 2 }],
          })
          const mail = await waitFor("staff e-mail row", async () =>
            (await rowsFor(second.id, "order.placed")).find((r: any) => r.channel === "email" && r.audience === "staff")
          )
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
        await waitFor("payment.captured SMS", async () =>
          (await rowsFor(order.id, "payment.captured")).some((r: any) => r.audience === "customer")
        )
        const { fulfillmentId } = await createFulfillment(api, admin, order.id)
        await waitFor("fulfillment SMS", async () => (await rowsFor(order.id, "order.fulfillment_created")).length > 0)
        await createShipment(api, admin, order.id, fulfillmentId, {
          tracking_number: "TRK-777-UA",
          tracking_url: "https://track.example/TRK-777-UA",
        })
        const shipped = await waitFor("shipment SMS", async () =>
          (await rowsFor(order.id, "shipment.created")).find((r: any) => r.audience === "customer")
        )
        expect(shipped.body).toContain("TRK-777-UA")
        await markDelivered(api, admin, order.id, fulfillmentId)
        await waitFor("delivery SMS", async () => (await rowsFor(order.id, "delivery.created")).length > 0)
        await waitFor(
          "all at BSG",
          () =>
            bsg.messagesTo(CUSTOMER).some((m) => m.body.includes("TRK-777-UA")) && bsg.messagesTo(CUSTOMER).length >= 5
        )

        const second = await placeOrder(api, seed, { phone: CUSTOMER })
        await cancelOrder(api, admin, second.order.id)
        const canceled = await waitFor("cancel SMS", async () =>
          (await rowsFor(second.order.id, "order.canceled")).find((r: any) => r.audience === "customer")
        )
        expect(canceled.body).toContain(String(second.order.display_id))
      })

      it("no_notification sends nothing to the customer", async () => {
        const { order } = await placeOrder(api, seed, { phone: CUSTOMER })
        const { fulfillmentId } = await createFulfillment(api, admin, order.id, { no_notification: true })
        await createShipment(api, admin, order.id, fulfillmentId, {
          tracking_number: "TRK-SILENT",
          tracking_url: "https://t.example/x",
          no_notification: true,
        })
        // the shipment event arrived and was processed: wait for the workflow to finish, then check
        await new Promise((r) => setTimeout(r, 2000))
        expect((await rowsFor(order.id, "shipment.created")).filter((r: any) => r.audience === "customer")).toEqual([])
        expect(
          (await rowsFor(order.id, "order.fulfillment_created")).filter((r: any) => r.audience === "customer")
        ).toEqual([])
        expect(bsg.messagesTo(CUSTOMER).some((m) => m.body.includes("TRK-SILENT"))).toBe(false)
      })
    })

    describe("order events", () => {
      const rowsFor = async (orderId: string, event: string) =>
        (
          await dbConnection.raw(
            `SELECT * FROM messaging_message WHERE order_id = ? AND event_name = ? ORDER BY created_at`,
            [orderId, event]
          )
        ).rows
      const audience = (rows: any[], who: string) => rows.filter((r: any) => r.audience === who)
      /** The order's items, once fulfilled (returns and claims need shipped items). */
      const fulfilledOrder = async () => {
        const { order } = await placeOrder(api, seed, { phone: CUSTOMER })
        const { order: fulfilled } = await createFulfillment(api, admin, order.id)
        return fulfilled
      }
      const updateEmail = (orderId: string, email: string) =>
        apiCall(api, `update order ${orderId}`, "post", `/admin/orders/${orderId}`, {
          body: { email },
          headers: admin.headers,
        })

      it("order.updated: each update notifies once, a burst of updates is one message", async () => {
        const { order } = await placeOrder(api, seed, { phone: CUSTOMER })
        await updateEmail(order.id, "first@example.com")
        const [first] = await waitFor(
          "first update SMS",
          async () =>
            audience(await rowsFor(order.id, "order.updated"), "customer").length === 1 &&
            audience(await rowsFor(order.id, "order.updated"), "customer")
        )
        expect(first.recipient).toBe(CUSTOMER)
        expect(first.body).toContain(String(order.display_id))

        // right after: part of the same burst
        await updateEmail(order.id, "second@example.com")
        // a later update (the burst is over: the first message is a minute old)
        await dbConnection.raw(`UPDATE messaging_message SET created_at = now() - interval '1 minute' WHERE id = ?`, [
          first.id,
        ])
        await updateEmail(order.id, "third@example.com")
        const rows = await waitFor("second update SMS", async () => {
          const r = audience(await rowsFor(order.id, "order.updated"), "customer")
          return r.length >= 2 && r
        })
        expect(rows).toHaveLength(2)
        expect(new Set(rows.map((r: any) => r.idempotency_key)).size).toBe(2)
      })

      it("a draft order's updates never text the customer", async () => {
        const logger = getContainer().resolve("logger") as any
        const info = jest.spyOn(logger, "info")
        try {
          const { draft_order: draft } = await apiCall<{ draft_order: any }>(
            api,
            "create draft order",
            "post",
            "/admin/draft-orders",
            {
              body: {
                email: "draft@example.com",
                region_id: seed.region.id,
                sales_channel_id: seed.salesChannels.web.id,
                shipping_address: {
                  first_name: "Olena",
                  last_name: "D",
                  address_1: "Khreshchatyk 1",
                  city: "Kyiv",
                  country_code: "ua",
                  postal_code: "01001",
                  phone: CUSTOMER,
                },
                items: [{ variant_id: seed.variants[0].id, quantity: 1 }],
              },
              headers: admin.headers,
            }
          )
          await apiCall(api, "update draft order", "post", `/admin/draft-orders/${draft.id}`, {
            body: { email: "draft2@example.com" },
            headers: admin.headers,
          })
          // the notify workflow ran and stopped at the draft
          await waitFor("draft skipped", () =>
            info.mock.calls.some((c) => String(c[0]).includes(`order ${draft.id} is a draft`))
          )
          expect(await rowsFor(draft.id, "order.updated")).toEqual([])
        } finally {
          info.mockRestore()
        }
      })

      it("return, claim and exchange with the notification switched off on the record: staff copy only", async () => {
        const container = getContainer()
        const order = await fulfilledOrder()
        const [item] = order.items

        await returnWithItems(container, order.id, [{ id: item.id, quantity: 1 }], { no_notification: true })
        const returned = await waitFor(
          "return admin copy",
          async () => audience(await rowsFor(order.id, "order.return_requested"), "admin")[0]
        )
        expect(returned.recipient).toBe(ADMIN)
        expect(audience(await rowsFor(order.id, "order.return_requested"), "customer")).toEqual([])

        const second = await fulfilledOrder()
        await claimWithItem(container, second.id, { id: second.items[0].id, quantity: 1 }, { no_notification: true })
        await waitFor(
          "claim admin copy",
          async () => audience(await rowsFor(second.id, "order.claim_created"), "admin")[0]
        )
        expect(audience(await rowsFor(second.id, "order.claim_created"), "customer")).toEqual([])

        const third = await fulfilledOrder()
        await exchangeWithItem(container, third.id, { id: third.items[0].id, quantity: 1 }, seed.variants[1].id, {
          no_notification: true,
        })
        await waitFor(
          "exchange admin copy",
          async () => audience(await rowsFor(third.id, "order.exchange_created"), "admin")[0]
        )
        expect(audience(await rowsFor(third.id, "order.exchange_created"), "customer")).toEqual([])
      })

      it("return requested and received, claim and exchange created: the customer is told", async () => {
        const container = getContainer()
        const order = await fulfilledOrder()
        const [item] = order.items
        const returnId = await returnWithItems(container, order.id, [{ id: item.id, quantity: 1 }])
        const requested = await waitFor(
          "return requested SMS",
          async () => audience(await rowsFor(order.id, "order.return_requested"), "customer")[0]
        )
        expect(requested.recipient).toBe(CUSTOMER)
        await receiveReturn(api, admin, returnId, [{ id: item.id, quantity: 1 }])
        await waitFor(
          "return received SMS",
          async () => audience(await rowsFor(order.id, "order.return_received"), "customer")[0]
        )

        const second = await fulfilledOrder()
        await claimWithItem(container, second.id, { id: second.items[0].id, quantity: 1 })
        await waitFor("claim SMS", async () => audience(await rowsFor(second.id, "order.claim_created"), "customer")[0])

        const third = await fulfilledOrder()
        await exchangeWithItem(container, third.id, { id: third.items[0].id, quantity: 1 }, seed.variants[1].id)
        await waitFor(
          "exchange SMS",
          async () => audience(await rowsFor(third.id, "order.exchange_created"), "customer")[0]
        )
      })

      it("order edit requested and confirmed message the customer", async () => {
        const { order } = await placeOrder(api, seed, { phone: CUSTOMER })
        await editQuantity(getContainer(), order.id, { id: order.items[0].id, quantity: 2 }, { confirm: true })
        const requested = await waitFor(
          "edit requested SMS",
          async () => audience(await rowsFor(order.id, "order-edit.requested"), "customer")[0]
        )
        expect(requested.body).toContain(String(order.display_id))
        await waitFor(
          "edit confirmed SMS",
          async () => audience(await rowsFor(order.id, "order-edit.confirmed"), "customer")[0]
        )
      })

      it("payment refunded and order completed message the customer (and the refund the admin)", async () => {
        const { order } = await placeOrder(api, seed, { phone: CUSTOMER })
        await capturePayment(api, admin, order.id)
        await refundPayment(api, admin, order.id, 5)
        const refunded = await waitFor(
          "refund SMS",
          async () => audience(await rowsFor(order.id, "payment.refunded"), "customer")[0]
        )
        expect(refunded.recipient).toBe(CUSTOMER)
        await waitFor(
          "refund admin copy",
          async () => audience(await rowsFor(order.id, "payment.refunded"), "admin")[0]
        )

        await createFulfillment(api, admin, order.id)
        await completeOrder(api, admin, order.id)
        await waitFor("completed SMS", async () => audience(await rowsFor(order.id, "order.completed"), "customer")[0])
      })

      it("without an SMTP account or a Notification Module e-mail provider the General tab is told alerts cannot be delivered", async () => {
        const { alert_delivery } = await apiCall<{ alert_delivery: string }>(
          api,
          "settings",
          "get",
          "/admin/messaging/settings",
          { headers: admin.headers }
        )
        expect(alert_delivery).toBe("none")
      })

      it("customer.created and a customer's password reset text the customer", async () => {
        const { customer } = await registerCustomer(api, seed, {
          email: "reset@example.com",
          password: "secret-123",
          first_name: "Olena",
          phone: CUSTOMER,
        })
        const rowsOf = async (event: string) =>
          (
            await dbConnection.raw(
              `SELECT * FROM messaging_message WHERE customer_id = ? AND event_name = ? AND audience = 'customer'`,
              [customer.id, event]
            )
          ).rows
        const welcome = await waitFor("welcome SMS", async () => (await rowsOf("customer.created"))[0])
        expect(welcome.recipient).toBe(CUSTOMER)
        expect(welcome.body).toContain("Olena")

        await apiCall(api, "request password reset", "post", "/auth/customer/emailpass/reset-password", {
          body: { identifier: "reset@example.com" },
        })
        const reset = await waitFor("reset SMS", async () => (await rowsOf("auth.password_reset"))[0])
        expect(reset.recipient).toBe(CUSTOMER)
        expect(reset.critical).toBe(true)
        expect(reset.body).toMatch(/token=/)
      })
    })
  },
})
