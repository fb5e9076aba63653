/**
 * Settings → Messaging on the real host: general settings, provider accounts (secrets
 * only ever masked, replaced but never revealed), balances, sites, senders and staff
 * profiles — happy paths and 400s that name the field.
 */
import { startFakeBsg, startFakeTelegram, type FakeBsg, type FakeTelegram } from "../../test/fakes"
import { adminHeaders, hostEnv, hostIntegrationTestRunner, prepareHost } from "../../test/support/medusa-host"
import { seedShop, type ShopSeed } from "../../test/support/seed-shop"
import { waitFor } from "../../test/support/wait"
import { ADMIN_ROUTES, BSG_KEY, bsgPluginOptions, call } from "./admin-support"

jest.setTimeout(300_000)

let bsg: FakeBsg
let telegram: FakeTelegram
const cwd = prepareHost()

const SECRETS = {
  bsg: "live_SECRETbsgKEY_0123456789",
  twilio: "twilioSECRETtoken_abcdef123456",
  telegram: "123456:SECRETtelegramTOKEN_abcdefghij",
  smtp: "smtpSECRETpassword_98765",
}

beforeAll(async () => {
  bsg = await startFakeBsg({ apiKey: SECRETS.bsg, balance: 42.5, creditLimit: 10 })
  telegram = await startFakeTelegram({ botToken: SECRETS.telegram })
  Object.assign(process.env, hostEnv(bsgPluginOptions(bsg.url)))
})
afterAll(async () => {
  await bsg?.close()
  await telegram?.close()
})

hostIntegrationTestRunner({
  cwd,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let headers: Record<string, string>
    let seed: ShopSeed
    const get = (url: string, params?: Record<string, unknown>) => call(api, "get", url, { headers, params })
    const post = (url: string, body: unknown) => call(api, "post", url, { headers, body })
    const del = (url: string) => call(api, "delete", url, { headers })

    beforeAll(async () => {
      seed = await seedShop(getContainer())
      headers = (await adminHeaders(getContainer())).headers
    })
    beforeEach(() => {
      ;(getContainer().resolve("messaging") as any).invalidateCaches()
      bsg.reset()
      bsg.apiKey = SECRETS.bsg
    })

    const createBsg = (extra: Record<string, unknown> = {}) =>
      post("/admin/messaging/accounts", {
        name: "BSG backup",
        type: "bsg",
        priority: 20,
        base_url: bsg.url,
        credentials: { api_key: SECRETS.bsg },
        config: { sender: "Backup" },
        ...extra,
      })

    describe("general settings", () => {
      it("reads and updates them", async () => {
        const before = await get("/admin/messaging/settings")
        expect(before.status).toBe(200)
        expect(before.data.settings).toMatchObject({ id: "mgen_default", debug_enabled: false })
        const res = await post("/admin/messaging/settings", {
          alert_email: "owner@example.com",
          default_time_zone: "Europe/Kyiv",
          low_balance_threshold: 5,
          debug_enabled: true,
          debug_retention_days: 7,
        })
        expect(res.status).toBe(200)
        expect(res.data.settings).toMatchObject({
          alert_email: "owner@example.com",
          low_balance_threshold: 5,
          debug_enabled: true,
        })
        expect((await get("/admin/messaging/settings")).data.settings.debug_retention_days).toBe(7)
      })

      it.each([
        [{ alert_email: "not-an-email" }, "alert_email"],
        [{ default_time_zone: "Mars/Olympus" }, "default_time_zone"],
        [{ debug_enabled: "yes" }, "debug_enabled"],
        [{ debug_retention_days: 1000 }, "debug_retention_days"],
        [{ low_balance_threshold: -1 }, "low_balance_threshold"],
        [{ public_url: "ftp://x" }, "public_url"],
        [{ surprise: 1 }, "surprise"],
      ])("400 for %j names %s", async (body, field) => {
        const res = await post("/admin/messaging/settings", body)
        expect(res.status).toBe(400)
        expect(res.data.type).toBe("invalid_data")
        expect(res.data.message).toContain(field)
      })
    })

    describe("provider accounts", () => {
      it("lists the account from the plugin options with its credentials masked, and the fields of each type", async () => {
        const res = await get("/admin/messaging/accounts")
        expect(res.status).toBe(200)
        const account = res.data.accounts.find((a: any) => a.key === "bsg-main")
        expect(account).toMatchObject({
          type: "bsg",
          source: "options",
          credentials: { api_key: `****${BSG_KEY.slice(-4)}` },
        })
        expect(res.text).not.toContain(BSG_KEY)
        expect(res.data.types.map((t: any) => t.type)).toEqual([
          "bsg",
          "turbosms",
          "twilio",
          "telegram",
          "smtp",
          "sandbox",
        ])
        expect(res.data.types.find((t: any) => t.type === "twilio").credentials).toEqual([
          { name: "account_sid", required: true, secret: false },
          { name: "auth_token", required: true, secret: true },
        ])
      })

      it("describes every provider type's fields for the account form (GET /provider-types)", async () => {
        const res = await get("/admin/messaging/provider-types")
        expect(res.status).toBe(200)
        const types = res.data.provider_types
        expect(types.map((t: any) => t.type)).toEqual(["bsg", "turbosms", "twilio", "telegram", "smtp", "sandbox"])
        expect(types.find((t: any) => t.type === "twilio")).toMatchObject({
          label: "Twilio",
          channels: ["sms"],
          fields: [
            {
              name: "account_sid",
              label: "messaging.accounts.fields.account_sid",
              kind: "text",
              required: true,
              group: "credentials",
            },
            {
              name: "auth_token",
              label: "messaging.accounts.fields.auth_token",
              kind: "secret",
              required: true,
              group: "credentials",
            },
            { name: "from", kind: "text", required: false, group: "config" },
            { name: "messaging_service_sid", kind: "text", required: false, group: "config" },
            { name: "timeout_ms", kind: "number", required: false, group: "config" },
          ],
        })
        expect(res.text).not.toContain(SECRETS.bsg)
      })

      it("creates an account, returns it masked, tests the connection and shows its balance", async () => {
        const created = await createBsg()
        expect(created.status).toBe(201)
        expect(created.data.account.credentials).toEqual({ api_key: `****${SECRETS.bsg.slice(-4)}` })
        expect(created.text).not.toContain(SECRETS.bsg)
        const id = created.data.account.id

        const tested = await post(`/admin/messaging/accounts/${id}/test-connection`, {})
        expect(tested.status).toBe(200)
        expect(tested.data.result).toMatchObject({
          ok: true,
          balance: { amount: 42.5, currency: "EUR", credit_limit: 10 },
        })

        const balances = await get("/admin/messaging/balances")
        expect(balances.data.balances.find((b: any) => b.id === id)).toMatchObject({
          amount: 42.5,
          currency: "EUR",
          credit_limit: 10,
          supported: true,
        })

        bsg.balance = 12.25
        const refreshed = await post("/admin/messaging/balances/refresh", {})
        expect(refreshed.status).toBe(200)
        expect(refreshed.data.balances.find((b: any) => b.id === id).amount).toBe(12.25)
      })

      it("keeps a credential sent back masked or left out, replaces it when a new value is sent, never reveals it", async () => {
        const { data } = await createBsg()
        const id = data.account.id
        const masked = data.account.credentials.api_key

        const same = await post(`/admin/messaging/accounts/${id}`, {
          name: "Renamed",
          credentials: { api_key: masked },
        })
        expect(same.status).toBe(200)
        expect(same.data.account.name).toBe("Renamed")
        expect((await post(`/admin/messaging/accounts/${id}/test-connection`, {})).data.result.ok).toBe(true)

        const untouched = await post(`/admin/messaging/accounts/${id}`, { priority: 5 })
        expect(untouched.data.account.priority).toBe(5)
        expect((await post(`/admin/messaging/accounts/${id}/test-connection`, {})).data.result.ok).toBe(true)

        const replaced = await post(`/admin/messaging/accounts/${id}`, {
          credentials: { api_key: "live_wrongKEY_999999999" },
        })
        expect(replaced.status).toBe(200)
        expect(replaced.data.account.credentials.api_key).toBe("****9999")
        const failing = await post(`/admin/messaging/accounts/${id}/test-connection`, {})
        expect(failing.data.result.ok).toBe(false)
        expect(failing.text).not.toContain("live_wrongKEY_999999999")
      })

      it.each([
        [{ name: "x", type: "bsg", credentials: {} }, "credentials.api_key"],
        [{ name: "x", type: "bsg", credentials: { api_key: "k", token: "t" } }, "credentials.token"],
        [{ name: "x", type: "bsg", credentials: { api_key: "k" }, config: { color: "red" } }, "config.color"],
        [{ name: "x", type: "bsg", credentials: { api_key: "k" }, base_url: "not a url" }, "base_url"],
        [{ name: "x", type: "smtp", config: { from: "a@b.co" } }, "config.host"],
        [{ name: "x", type: "carrier-pigeon" }, "type"],
        [{ type: "bsg" }, "name"],
        [{ name: "x", type: "bsg", priority: "high" }, "priority"],
      ])("400 for %j names %s", async (body, field) => {
        const res = await post("/admin/messaging/accounts", body)
        expect(res.status).toBe(400)
        expect(res.data.message).toContain(field)
      })

      it("an account from the plugin options keeps its credentials but takes priority/enabled edits; it cannot be deleted here", async () => {
        const { data } = await get("/admin/messaging/accounts")
        const id = data.accounts.find((a: any) => a.key === "bsg-main").id
        const secret = await post(`/admin/messaging/accounts/${id}`, {
          credentials: { api_key: "live_other_0000000000" },
        })
        expect(secret.status).toBe(400)
        expect(secret.data.message).toContain("credentials")
        const ok = await post(`/admin/messaging/accounts/${id}`, { priority: 1, enabled: false })
        expect(ok.status).toBe(200)
        expect(ok.data.account).toMatchObject({ priority: 1, enabled: false })
        expect((await del(`/admin/messaging/accounts/${id}`)).status).toBe(400)
      })

      it("deletes an admin account; unknown ids are 404", async () => {
        const { data } = await createBsg()
        expect((await del(`/admin/messaging/accounts/${data.account.id}`)).data).toMatchObject({ deleted: true })
        for (const [method, url] of [
          ["get", `/admin/messaging/accounts/${data.account.id}`],
          ["post", `/admin/messaging/accounts/macc_nope/test-connection`],
          ["delete", `/admin/messaging/accounts/macc_nope`],
        ] as const) {
          const res = await call(api, method, url, { headers, body: method === "post" ? {} : undefined })
          expect([url, res.status]).toEqual([url, 404])
        }
      })

      it("no route ever returns a raw secret, even after test calls with debug logging on", async () => {
        await post("/admin/messaging/settings", { debug_enabled: true })
        const accounts = [
          await createBsg(),
          await post("/admin/messaging/accounts", {
            name: "Twilio",
            type: "twilio",
            credentials: { account_sid: "AC123", auth_token: SECRETS.twilio },
            config: { from: "+15005550006" },
          }),
          await post("/admin/messaging/accounts", {
            name: "Bot",
            type: "telegram",
            base_url: telegram.url,
            credentials: { bot_token: SECRETS.telegram },
          }),
          await post("/admin/messaging/accounts", {
            name: "Mail",
            type: "smtp",
            credentials: { user: "shop", password: SECRETS.smtp },
            config: { host: "127.0.0.1", port: 1, from: "shop@example.com" },
          }),
        ]
        for (const a of accounts) expect(a.status).toBe(201)
        const ids = accounts.map((a) => a.data.account.id)
        const replies = [...accounts]
        for (const id of ids) replies.push(await post(`/admin/messaging/accounts/${id}/test-connection`, {}))
        replies.push(await post("/admin/messaging/balances/refresh", {}))
        await (getContainer().resolve("messaging") as any).flushDebugLog()
        for (const [method, path] of ADMIN_ROUTES) {
          if (method !== "get" || path.includes("_x")) continue
          replies.push(await get(path))
        }
        for (const id of ids) replies.push(await get(`/admin/messaging/accounts/${id}`))
        const everything = replies.map((r) => r.text).join("\n")
        expect((await get("/admin/messaging/debug-log")).data.count).toBeGreaterThan(0)
        for (const secret of Object.values(SECRETS)) expect(everything).not.toContain(secret)
        expect(everything).not.toContain(BSG_KEY)
      })
    })

    describe("sites", () => {
      it("lists the global site and the shop's sales channels; a channel gets its own settings", async () => {
        const list = await get("/admin/messaging/sites")
        expect(list.status).toBe(200)
        expect(list.data.sites.filter((s: any) => s.sales_channel_id === null)).toHaveLength(1)
        expect(list.data.sales_channels.map((c: any) => c.name)).toEqual(
          expect.arrayContaining(["Webshop", "Kyiv Store"])
        )

        const created = await post("/admin/messaging/sites", {
          sales_channel_id: seed.salesChannels.kyiv.id,
          admin_phones: ["067 123 45 67"],
        })
        expect(created.status).toBe(201)
        expect(created.data.site).toMatchObject({
          sales_channel_id: seed.salesChannels.kyiv.id,
          name: "Kyiv Store",
          default_region: "UA",
          admin_phones: ["+380671234567"],
        })
        const again = await post("/admin/messaging/sites", { sales_channel_id: seed.salesChannels.kyiv.id })
        expect(again.status).toBe(400)

        const id = created.data.site.id
        const updated = await post(`/admin/messaging/sites/${id}`, {
          name: "Kyiv",
          quiet_hours_enabled: true,
          quiet_hours_start: "22:00",
          quiet_hours_end: "08:30",
          delivery_mode: "omni",
          transliterate: true,
        })
        expect(updated.status).toBe(200)
        expect(updated.data.site).toMatchObject({
          name: "Kyiv",
          quiet_hours_start: "22:00",
          delivery_mode: "omni",
          transliterate: true,
        })
        expect((await del(`/admin/messaging/sites/${id}`)).data.deleted).toBe(true)
      })

      it("refuses bad settings naming the field, and deleting the global site", async () => {
        const { data } = await get("/admin/messaging/sites")
        const global = data.sites.find((s: any) => s.sales_channel_id === null)
        const cases: Array<[Record<string, unknown>, string]> = [
          [{ time_zone: "Kyiv" }, "time_zone"],
          [{ quiet_hours_start: "25:00" }, "quiet_hours_start"],
          [{ admin_phones: ["12"] }, "admin_phones"],
          [{ admin_phones: ["+380441234567"] }, "admin_phones.0"],
          [{ default_region: "ukraine" }, "default_region"],
          [{ delivery_mode: "pigeon" }, "delivery_mode"],
          [{ url: "javascript:alert(1)" }, "url"],
        ]
        for (const [body, field] of cases) {
          const res = await post(`/admin/messaging/sites/${global.id}`, body)
          expect([field, res.status]).toEqual([field, 400])
          expect(res.data.message).toContain(field)
        }
        expect((await del(`/admin/messaging/sites/${global.id}`)).status).toBe(400)
        expect((await post("/admin/messaging/sites", { sales_channel_id: "sc_nope" })).data.message).toContain(
          "sales_channel_id"
        )
      })

      it("switches, phone sources and reply keywords: stored normalized, bad values refused naming the field", async () => {
        const { data } = await get("/admin/messaging/sites")
        const global = data.sites.find((s: any) => s.sales_channel_id === null)
        expect(global).toMatchObject({
          enabled: true,
          disabled_events: [],
          phone_sources: ["shipping", "billing", "customer"],
          phone_fallback: true,
          ua_trunk_prefix: true,
        })
        expect(global.optout_keywords).toEqual(expect.arrayContaining(["STOP", "СТОП", "ВІДПИСАТИСЯ", "ОТПИСАТЬСЯ"]))
        const ok = await post(`/admin/messaging/sites/${global.id}`, {
          disabled_events: ["order.updated", "order.updated"],
          phone_sources: ["customer", "shipping"],
          phone_fallback: false,
          ua_trunk_prefix: false,
          optout_keywords: [" stop ", "Хватит", "STOP"],
        })
        expect(ok.status).toBe(200)
        expect(ok.data.site).toMatchObject({
          disabled_events: ["order.updated"],
          phone_sources: ["customer", "shipping"],
          phone_fallback: false,
          ua_trunk_prefix: false,
          optout_keywords: ["STOP", "ХВАТИТ"],
        })
        const cases: Array<[Record<string, unknown>, string]> = [
          [{ phone_sources: [] }, "phone_sources"],
          [{ phone_sources: ["shipping", "shipping"] }, "phone_sources"],
          [{ phone_sources: ["fax"] }, "phone_sources"],
          [{ optout_keywords: ["stop sending"] }, "optout_keywords"],
          [{ optout_keywords: ["STOP"], optin_keywords: ["stop"] }, "optin_keywords"],
          // only one list sent: checked against the stored other list
          [{ optin_keywords: ["хватит"] }, "optin_keywords"],
          [{ disabled_events: ["not an event"] }, "disabled_events"],
        ]
        for (const [body, field] of cases) {
          const res = await post(`/admin/messaging/sites/${global.id}`, body)
          expect([field, res.status]).toEqual([field, 400])
          expect(res.data.message).toContain(field)
        }
        await post(`/admin/messaging/sites/${global.id}`, {
          disabled_events: [],
          phone_sources: ["shipping", "billing", "customer"],
          phone_fallback: true,
          ua_trunk_prefix: true,
          optout_keywords: global.optout_keywords,
        })
      })
    })

    describe("senders", () => {
      it("adds SMS and Viber senders to an account and checks the names", async () => {
        const { data } = await get("/admin/messaging/accounts")
        const account = data.accounts[0].id
        const sms = await post("/admin/messaging/senders", {
          provider_account_id: account,
          channel: "sms",
          name: "MyShop",
        })
        expect(sms.status).toBe(201)
        expect(
          (
            await post("/admin/messaging/senders", {
              provider_account_id: account,
              channel: "viber",
              name: "My Shop Viber",
            })
          ).status
        ).toBe(201)
        expect(
          (await post("/admin/messaging/senders", { provider_account_id: account, channel: "sms", name: "MyShop" }))
            .data.message
        ).toContain("name")
        expect(
          (
            await post("/admin/messaging/senders", {
              provider_account_id: account,
              channel: "sms",
              name: "Far too long name",
            })
          ).data.message
        ).toContain("name")
        expect(
          (await post("/admin/messaging/senders", { provider_account_id: "macc_nope", channel: "sms", name: "X1" }))
            .data.message
        ).toContain("provider_account_id")
        expect(
          (await post("/admin/messaging/senders", { provider_account_id: account, channel: "fax", name: "X1" })).data
            .message
        ).toContain("channel")
        expect((await get("/admin/messaging/senders")).data.senders).toHaveLength(2)
        const updated = await post(`/admin/messaging/senders/${sms.data.sender.id}`, { status: "pending" })
        expect(updated.data.sender.status).toBe("pending")
        expect((await del(`/admin/messaging/senders/${sms.data.sender.id}`)).data.deleted).toBe(true)
      })
    })

    describe("staff profiles", () => {
      it("validates Telegram chat ids (groups and channels start with -100) and needs a way to reach the person", async () => {
        for (const chat of ["-12345", "abc", "-100", "100 200"]) {
          const res = await post("/admin/messaging/staff", { name: "Ops", telegram_chat_id: chat })
          expect([chat, res.status]).toEqual([chat, 400])
          expect(res.data.message).toContain("telegram_chat_id")
        }
        expect((await post("/admin/messaging/staff", { name: "Nobody" })).data.message).toContain("email")
        expect((await post("/admin/messaging/staff", { name: "Ops", email: "nope" })).data.message).toContain("email")
        expect(
          (await post("/admin/messaging/staff", { name: "Ops", email: "ops@example.com", events: ["order placed"] }))
            .data.message
        ).toContain("events")
        for (const chat of ["-1001234567890", "987654321", "@shop_orders"]) {
          expect((await post("/admin/messaging/staff", { name: `Ops ${chat}`, telegram_chat_id: chat })).status).toBe(
            201
          )
        }
      })

      it("sends a test message to the profile's Telegram chat through the outbox", async () => {
        await post("/admin/messaging/accounts", {
          name: "Bot",
          type: "telegram",
          base_url: telegram.url,
          credentials: { bot_token: SECRETS.telegram },
        })
        const created = await post("/admin/messaging/staff", {
          name: "Warehouse",
          telegram_chat_id: "-1001234567890",
          events: ["order.placed"],
          sales_channel_id: seed.salesChannels.web.id,
        })
        expect(created.status).toBe(201)
        const sent = await post(`/admin/messaging/staff/${created.data.profile.id}/send-test`, {})
        expect(sent.status).toBe(201)
        expect(sent.data.messages).toHaveLength(1)
        expect(sent.data.messages[0]).toMatchObject({ channel: "telegram", recipient: "-1001234567890" })
        const got = await waitFor("the test message in the chat", () => telegram.messagesIn("-1001234567890")[0])
        expect(got.plain).toContain("Warehouse")

        const updated = await post(`/admin/messaging/staff/${created.data.profile.id}`, {
          enabled: false,
          telegram_chat_id: null,
          email: "w@example.com",
        })
        expect(updated.data.profile).toMatchObject({ enabled: false, telegram_chat_id: null, email: "w@example.com" })
        expect((await post(`/admin/messaging/staff/${created.data.profile.id}`, { email: null })).status).toBe(400)
        expect((await del(`/admin/messaging/staff/${created.data.profile.id}`)).data.deleted).toBe(true)
        expect((await post("/admin/messaging/staff/mstf_nope/send-test", {})).status).toBe(404)
      })
    })
  },
})
