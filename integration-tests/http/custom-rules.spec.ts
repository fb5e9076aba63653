/**
 * Custom rules and staff alerts through the real host: the admin form's default phone
 * source (#ORDER.SHIPPING_ADDRESS.PHONE#) finds the phone, a customer looked up by
 * e-mail is reached through the phone of their last order, a rule can alert staff
 * profiles on any event, and with no SMTP account the outage/low-balance e-mail goes
 * through Medusa's Notification Module `email` channel.
 */
import { Modules } from "@medusajs/framework/utils"
import { startFakeBsg, type FakeBsg } from "../../test/fakes"
import { adminHeaders, hostEnv, hostIntegrationTestRunner, prepareHost } from "../../test/support/medusa-host"
import { seedShop, type ShopSeed } from "../../test/support/seed-shop"
import { apiCall, placeOrder, registerCustomer } from "../../test/support/storefront"
import { waitFor } from "../../test/support/wait"
import { deliverHeldAlerts } from "../../src/workflows/notify/alert-delivery"

jest.setTimeout(300_000)

const CUSTOMER = "+380671234567"
const CHECKOUT_PHONE = "+380639876543"
let bsg: FakeBsg
const cwd = prepareHost({ env: { MESSAGING_NOTIFICATION_EMAIL: "true" } })

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
  defaults: { site_name: "Test Shop", default_region: "UA", time_zone: "Europe/Kyiv", sms_sender: "MyShop" },
  dispatch: { retry_base_ms: 200 },
})

beforeAll(async () => {
  bsg = await startFakeBsg({ balance: 5 })
  Object.assign(process.env, hostEnv(pluginOptions(bsg.url), { MESSAGING_NOTIFICATION_EMAIL: "true" }))
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

    const messaging = () => getContainer().resolve("messaging") as any
    const createRule = async (body: Record<string, unknown>) => {
      const { rule } = await apiCall<{ rule: any }>(api, "create rule", "post", "/admin/messaging/rules", {
        body,
        headers: admin.headers,
      })
      messaging().invalidateCaches()
      return rule
    }
    const ruleRows = async (ruleId: string) =>
      (
        await dbConnection.raw(
          `SELECT * FROM messaging_message WHERE template_code LIKE ? ORDER BY audience, channel`,
          [`RULE_${ruleId}_%`]
        )
      ).rows

    it("the admin form's default phone source (#ORDER.SHIPPING_ADDRESS.PHONE#) reaches the phone of the order's shipping address", async () => {
      const rule = await createRule({
        name: "Order placed (rule)",
        event_name: "order.placed",
        entity: "order",
        id_field: "id",
        phone_source: "#ORDER.SHIPPING_ADDRESS.PHONE#",
        customer_text: "Rule: order #ORDER.DISPLAY_ID# goes to #ORDER.SHIPPING_ADDRESS.CITY#",
      })
      const { order } = await placeOrder(api, seed, { phone: CUSTOMER })
      const [row] = await waitFor("rule row", async () => (await ruleRows(rule.id)).length > 0 && ruleRows(rule.id))
      expect(row).toMatchObject({ recipient: CUSTOMER, audience: "customer", order_id: order.id })
      expect(row.status).not.toBe("skipped")
      expect(row.body).toBe(`Rule: order ${order.display_id} goes to Kyiv`)
    })

    it("a customer found by e-mail without a phone on the profile is reached through their last order's shipping address", async () => {
      const { token } = await registerCustomer(api, seed, {
        email: "vin@example.com",
        password: "secret-123",
        first_name: "Taras",
      })
      await placeOrder(api, seed, { email: "vin@example.com", phone: CHECKOUT_PHONE, customerToken: token })
      const rule = await createRule({
        name: "VIN request",
        event_name: "shop.vin_requested",
        entity: "none",
        phone_source: "#EVENT.EMAIL#",
        customer_text: "We got your VIN #EVENT.VIN#",
      })
      const bus = getContainer().resolve(Modules.EVENT_BUS) as any
      const [row] = await waitFor("rule row", async () => {
        await bus.emit({ name: "shop.vin_requested", data: { email: "vin@example.com", vin: "WVWZZZ1JZXW000001" } })
        const rows = await ruleRows(rule.id)
        return rows.length > 0 && rows
      })
      expect(row).toMatchObject({ recipient: CHECKOUT_PHONE, body: "We got your VIN WVWZZZ1JZXW000001" })
      expect(row.status).not.toBe("skipped")
      expect(row.customer_id).toBeTruthy()
    })

    it("a rule alerts the staff profiles it names by e-mail, whatever events the profiles picked", async () => {
      const [staff] = await messaging().createMessagingStaffProfiles([
        { name: "Parts desk", email: "parts@shop.test", events: [] },
      ])
      const rule = await createRule({
        name: "VIN request for staff",
        event_name: "shop.feedback_sent",
        entity: "none",
        phone_source: "#EVENT.PHONE#",
        admin_text: "Feedback from #EVENT.NAME#: #EVENT.TEXT#",
        staff_profile_ids: [staff.id],
      })
      expect(rule.staff_profile_ids).toEqual([staff.id])
      const bus = getContainer().resolve(Modules.EVENT_BUS) as any
      const mail = await waitFor("staff e-mail", async () => {
        await bus.emit({ name: "shop.feedback_sent", data: { name: "Iryna", text: "Great shop", phone: "" } })
        return (await ruleRows(rule.id)).find((r: any) => r.audience === "staff")
      })
      expect(mail).toMatchObject({
        channel: "email",
        recipient: "parts@shop.test",
        subject: "VIN request for staff",
        body: "Feedback from Iryna: Great shop",
      })
    })

    it("with no SMTP account the low-balance alert goes through the Notification Module's email channel", async () => {
      const { alert_delivery } = await apiCall<{ alert_delivery: string }>(
        api,
        "settings",
        "get",
        "/admin/messaging/settings",
        { headers: admin.headers }
      )
      expect(alert_delivery).toBe("notification")
      await apiCall(api, "alert settings", "post", "/admin/messaging/settings", {
        body: { alert_email: "owner@shop.test", low_balance_threshold: 100 },
        headers: admin.headers,
      })
      messaging().invalidateCaches()
      await messaging().refreshBalances()
      await deliverHeldAlerts(getContainer())

      const notifications = await (getContainer().resolve(Modules.NOTIFICATION) as any).listNotifications({
        to: "owner@shop.test",
        channel: "email",
      })
      expect(notifications).toHaveLength(1)
      expect(notifications[0].template).toBe("messaging-alert")
      expect(String(notifications[0].data?.subject)).toMatch(/low balance/)
      const [row] = (await dbConnection.raw(`SELECT * FROM messaging_message WHERE event_name = 'messaging.alert'`))
        .rows
      expect(row).toMatchObject({
        status: "sent",
        provider_type: "notification",
        provider_message_id: notifications[0].id,
      })
    })
  },
})
