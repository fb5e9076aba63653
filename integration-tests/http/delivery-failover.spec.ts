/**
 * After sending, and when a provider is down: failover to the backup account with one
 * outage e-mail and one recovered e-mail; signed delivery reports that never move a
 * message backwards; inbound STOP; the Notification Module path; custom rules.
 */
import { Modules } from "@medusajs/framework/utils"
import {
  type FakeBsg,
  type FakeTwilio,
  type SmtpSink,
  startFakeBsg,
  startFakeTwilio,
  startSmtpSink,
} from "../../test/fakes"
import { hostEnv, hostIntegrationTestRunner, prepareHost } from "../../test/support/medusa-host"
import { seedShop } from "../../test/support/seed-shop"
import { placeOrder } from "../../test/support/storefront"
import { waitFor } from "../../test/support/wait"

jest.setTimeout(300_000)

const PHONE = "+380671234567"
const SECRETS = {
  bsgMain: "live_primarykey_0123456789abcdef",
  bsgBackup: "live_backupkey_0123456789abcdef",
  smtp: "smtp-pass-0123456789",
  twilio: "fake-twilio-auth-token-0123456789",
}
let primary: FakeBsg, backup: FakeBsg, twilio: FakeTwilio, smtp: SmtpSink
const cwd = prepareHost({ env: { MESSAGING_NOTIFICATION_PROVIDER: "true" } })

beforeAll(async () => {
  primary = await startFakeBsg({ apiKey: SECRETS.bsgMain })
  backup = await startFakeBsg({ apiKey: SECRETS.bsgBackup })
  twilio = await startFakeTwilio({ authToken: SECRETS.twilio })
  smtp = await startSmtpSink({ user: "mailer", password: SECRETS.smtp })
  Object.assign(
    process.env,
    hostEnv(
      {
        alert_email: "owner@shop.test",
        accounts: [
          {
            key: "bsg-primary",
            type: "bsg",
            priority: 1,
            base_url: primary.url,
            credentials: { api_key: SECRETS.bsgMain },
            config: { sender: "MyShop", timeout_ms: 1500 },
          },
          {
            key: "bsg-backup",
            type: "bsg",
            priority: 2,
            base_url: backup.url,
            credentials: { api_key: SECRETS.bsgBackup },
            config: { sender: "MyShop" },
          },
          {
            key: "twilio",
            type: "twilio",
            priority: 50,
            enabled: true,
            channels: ["sms"],
            base_url: twilio.url,
            credentials: { account_sid: twilio.accountSid, auth_token: SECRETS.twilio },
            config: { from: "+15005550006" },
          },
          {
            key: "mail",
            type: "smtp",
            credentials: { user: "mailer", password: SECRETS.smtp },
            config: { host: "127.0.0.1", port: smtp.port, from: "shop@shop.test" },
          },
        ],
        defaults: { site_name: "Failover Shop", default_region: "UA", admin_phones: [] },
        dispatch: { retry_base_ms: 50, max_retry_delay_ms: 200, failure_threshold: 2 },
      },
      { MESSAGING_NOTIFICATION_PROVIDER: "true" }
    )
  )
})
afterAll(async () => {
  await Promise.all([primary?.close(), backup?.close(), twilio?.close(), smtp?.close()])
})

hostIntegrationTestRunner({
  cwd,
  env: {},
  testSuite: ({ api, getContainer, dbConnection }) => {
    const messaging = () => getContainer().resolve("messaging") as any
    const accountId = async (key: string) =>
      (await dbConnection.raw(`SELECT id FROM messaging_provider_account WHERE key = ?`, [key])).rows[0].id
    const send = async (n: number, tag: string) =>
      messaging().enqueueManualMessages({
        channel: "sms",
        recipients: Array.from({ length: n }, () => PHONE),
        body: `${tag} message`,
      })
    const settle = async (what: string, done: () => Promise<boolean>) =>
      waitFor(
        what,
        async () => {
          await messaging().dispatchNow()
          return done()
        },
        30_000,
        50
      )

    beforeEach(() => {
      for (const f of [primary, backup, twilio]) f.reset()
      smtp.reset()
      messaging().invalidateCaches()
    })

    it("fails over to the backup when the primary dies, with one outage e-mail and one recovered e-mail", async () => {
      await send(3, "before")
      await settle("first messages via primary", async () => primary.messagesTo(PHONE).length === 3)

      await primary.stop() // connection refused from now on
      await send(6, "during")
      await settle(
        "messages via backup",
        async () => backup.messagesTo(PHONE).filter((m) => m.body.startsWith("during")).length === 6
      )
      const outage = await smtp.waitForMail((m) => /unreachable|down/i.test(m.subject), 20_000)
      expect(outage.to).toContain("owner@shop.test")
      await send(2, "later")
      await settle(
        "later messages via backup",
        async () => backup.messagesTo(PHONE).filter((m) => m.body.startsWith("later")).length === 2
      )
      expect(smtp.mails.filter((m) => /unreachable|down/i.test(m.subject))).toHaveLength(1)
      const [acc] = (
        await dbConnection.raw(`SELECT health_status FROM messaging_provider_account WHERE key = 'bsg-primary'`)
      ).rows
      expect(acc.health_status).toBe("unhealthy")

      await primary.start()
      await messaging().runMaintenance() // the probe finds it healthy again
      await settle("recovered e-mail", async () => smtp.mails.some((m) => /recovered|works again/i.test(m.subject)))
      expect(smtp.mails.filter((m) => /recovered|works again/i.test(m.subject))).toHaveLength(1)
      primary.reset()
      await send(1, "after")
      await settle("traffic back on primary", async () =>
        primary.messagesTo(PHONE).some((m) => m.body.startsWith("after"))
      )

      // every message went out exactly once, nothing left behind
      const { rows } = await dbConnection.raw(
        `SELECT status, count(*)::int n FROM messaging_message WHERE channel = 'sms' GROUP BY status`
      )
      expect(rows).toEqual([{ status: "sent", n: 12 }])
      for (const f of [primary, backup]) for (const n of f.acceptedCountByReference.values()) expect(n).toBe(1)
      // no secret in any e-mail or message row
      const dump =
        JSON.stringify(smtp.mails) + JSON.stringify((await dbConnection.raw(`SELECT * FROM messaging_message`)).rows)
      for (const secret of Object.values(SECRETS)) expect(dump).not.toContain(secret)
    })

    it("a balance below the threshold sends one low-balance e-mail per crossing", async () => {
      await messaging().updateMessagingGeneralSettings({ id: "mgen_default", low_balance_threshold: 50 })
      messaging().invalidateCaches()
      const lowMails = () => smtp.mails.filter((m) => /balance on bsg-primary/i.test(m.subject))
      primary.balance = 20
      await messaging().refreshBalances()
      await messaging().refreshBalances()
      await settle("one low-balance e-mail", async () => lowMails().length >= 1)
      expect(lowMails()).toHaveLength(1)
      expect(lowMails()[0].text).toContain("20")
      primary.balance = 80 // topped up: the next drop is a new crossing
      await messaging().refreshBalances()
      primary.balance = 10
      await messaging().refreshBalances()
      await settle("second crossing e-mail", async () => lowMails().length === 2)
      const [row] = (
        await dbConnection.raw(
          `SELECT balance_amount, balance_currency FROM messaging_provider_account WHERE key = 'bsg-primary'`
        )
      ).rows
      expect(row).toEqual({ balance_amount: 10, balance_currency: "EUR" })
    })

    it("a signed delivery report updates the message; a bad signature gets 401; a late 'sent' never undoes 'delivered'", async () => {
      const twilioId = await accountId("twilio")
      const [msg] = await messaging().enqueueMessages([
        {
          channel: "sms",
          recipient: PHONE,
          body: "x",
          status: "sent",
          provider_account_id: twilioId,
          provider_type: "twilio",
          provider_message_id: "SM0001",
          next_attempt_at: null,
        },
      ])
      const url = `${api.defaults.baseURL}/hooks/messaging/${twilioId}`
      const post = (params: Record<string, string>, signature: string) =>
        api.post(url, new URLSearchParams(params).toString(), {
          headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
          validateStatus: () => true,
        })
      const delivered = { MessageSid: "SM0001", MessageStatus: "delivered", To: PHONE, From: "+15005550006" }
      const bad = await post(delivered, "bm90IGEgc2lnbmF0dXJl")
      expect(bad.status).toBe(401)
      expect((await messaging().retrieveMessagingMessage(msg.id)).status).toBe("sent")

      expect((await post(delivered, twilio.sign(url, delivered))).status).toBe(200)
      expect((await messaging().retrieveMessagingMessage(msg.id)).status).toBe("delivered")
      const late = { ...delivered, MessageStatus: "sent" }
      expect((await post(late, twilio.sign(url, late))).status).toBe(200)
      const after = await messaging().retrieveMessagingMessage(msg.id)
      expect(after.status).toBe("delivered")
      const timeline = await messaging().listMessagingMessageEvents(
        { message_id: msg.id },
        { order: { occurred_at: "ASC" } }
      )
      expect(timeline.map((e: any) => e.raw_status).filter(Boolean)).toEqual(["delivered", "sent"])
    })

    it("an inbound STOP creates an opt-out; later messages to that phone are skipped with a reason; START removes it", async () => {
      const twilioId = await accountId("twilio")
      const url = `${api.defaults.baseURL}/hooks/messaging/${twilioId}`
      const inbound = (text: string) => {
        const { params, signature } = twilio.signedInbound(url, PHONE, "+15005550006", text)
        return api.post(url, new URLSearchParams(params).toString(), {
          headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
        })
      }
      await inbound("STOP")
      const { created } = await messaging().enqueueManualMessages({
        channel: "sms",
        recipients: [PHONE],
        body: "promo",
      })
      expect(created[0].status).toBe("skipped")
      expect(created[0].error).toMatch(/opted out/)
      const received = await messaging().listMessagingMessages({ direction: "inbound" })
      expect(received.map((m: any) => [m.recipient, m.body, m.status])).toEqual([[PHONE, "STOP", "received"]])
      await inbound("start")
      const again = await messaging().enqueueManualMessages({ channel: "sms", recipients: [PHONE], body: "promo 2" })
      expect(again.created[0].status).toBe("queued")
      // a NUL in a provider's text cannot be stored as is: kept with U+FFFD, not a 500 the provider retries forever
      expect((await inbound("where\u0000is my order")).status).toBe(200)
      const withNul = await messaging().listMessagingMessages({ direction: "inbound", body: "where\uFFFDis my order" })
      expect(withNul).toHaveLength(1)
    })

    it("createNotifications({ channel: 'sms' }) goes through the outbox and out through the provider", async () => {
      const notifications = getContainer().resolve(Modules.NOTIFICATION)
      await notifications.createNotifications({
        to: "067 123 45 67",
        channel: "sms",
        template: "manual",
        content: { text: "Hello from the Notification Module" },
      })
      await settle("notification SMS", async () =>
        primary.messagesTo(PHONE).some((m) => m.body === "Hello from the Notification Module")
      )
      const rows = await messaging().listMessagingMessages({ event_name: "notification" })
      expect(rows.map((r: any) => [r.recipient, r.status])).toEqual([[PHONE, "sent"]])
    })

    it("a custom rule on any event sends its customer text with entity macros", async () => {
      const seed = await seedShop(getContainer())
      await messaging().createMessagingCustomRules({
        name: "Order updated",
        event_name: "shop.custom_ping",
        entity: "order",
        id_field: "order_id",
        phone_source: "#ORDER.EMAIL#",
        customer_text: "Ping for order #ORDER.DISPLAY_ID#",
        admin_text: "",
      })
      messaging().invalidateCaches()
      // the phone comes from the customer found by the order's e-mail
      const { order } = await placeOrder(api, seed, { phone: PHONE, email: "olena@shop.test" })
      const customers = getContainer().resolve(Modules.CUSTOMER)
      const [customer] = await customers.listCustomers({ email: "olena@shop.test" })
      await customers.updateCustomers(customer.id, { phone: PHONE })
      await getContainer()
        .resolve(Modules.EVENT_BUS)
        .emit({ name: "shop.custom_ping", data: { order_id: order.id } })
      await settle("custom rule SMS", async () =>
        primary.messagesTo(PHONE).some((m) => m.body === `Ping for order ${order.display_id}`)
      )
    })
  },
})
