/**
 * Bulk sending on the real host with a fake BSG: the dry run counts recipients, parts
 * and cost without sending; the real run enqueues at the campaign's rate, skips
 * opted-out numbers, can be paused, resumed and canceled, and reports its progress.
 */
import { Modules } from "@medusajs/framework/utils"
import { startFakeBsg, type FakeBsg } from "../../test/fakes"
import { adminHeaders, hostEnv, hostIntegrationTestRunner, prepareHost } from "../../test/support/medusa-host"
import { seedShop, type ShopSeed } from "../../test/support/seed-shop"
import { placeOrder } from "../../test/support/storefront"
import { zoneWhereHourIs } from "../../test/support/time-zones"
import { waitFor } from "../../test/support/wait"
import { BSG_KEY, bsgPluginOptions, call } from "./admin-support"

jest.setTimeout(300_000)

let bsg: FakeBsg
const cwd = prepareHost()
const PHONES = ["+380671234567", "+380501112233", "+380631234567"]

beforeAll(async () => {
  bsg = await startFakeBsg({ apiKey: BSG_KEY })
  // Campaigns are marketing and wait out the night: the shop's zone is one where it is midday now.
  const defaults = {
    site_name: "Test Shop",
    default_region: "UA",
    time_zone: zoneWhereHourIs(13),
    sms_sender: "MyShop",
  }
  Object.assign(process.env, hostEnv(bsgPluginOptions(bsg.url, { install_default_templates: false, defaults })))
})
afterAll(async () => bsg?.close())

hostIntegrationTestRunner({
  cwd,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let headers: Record<string, string>
    let seed: ShopSeed
    let groupId: string
    const get = (url: string, params?: Record<string, unknown>) => call(api, "get", url, { headers, params })
    const post = (url: string, body: unknown) => call(api, "post", url, { headers, body })
    const messaging = () => getContainer().resolve("messaging") as any

    beforeAll(async () => {
      seed = await seedShop(getContainer())
      headers = (await adminHeaders(getContainer())).headers
      const customers = getContainer().resolve(Modules.CUSTOMER)
      const group = await customers.createCustomerGroups({ name: "VIP" })
      const [a, b] = await customers.createCustomers([
        { email: "a@example.com", phone: PHONES[0] },
        { email: "b@example.com", phone: "050 111 22 33" },
        { email: "c@example.com" },
      ])
      await customers.addCustomerToGroup([
        { customer_id: a.id, customer_group_id: group.id },
        { customer_id: b.id, customer_group_id: group.id },
      ])
      groupId = group.id
      await placeOrder(api, seed, { phone: PHONES[2], salesChannel: "kyiv" })
      await placeOrder(api, seed, { phone: PHONES[0], salesChannel: "web" })
    })
    beforeEach(() => {
      messaging().invalidateCaches()
      bsg.reset()
    })

    const list = `${PHONES.join("\n")}\n067 123 45 67; +380441234567, not-a-number\n`

    it("dry run of a pasted list: unique, invalid, duplicates and opted-out numbers, parts and cost; nothing is sent", async () => {
      await post("/admin/messaging/opt-outs", { phone: PHONES[2], channel: "all" })
      const res = await post("/admin/messaging/campaigns/dry-run", {
        channel: "sms",
        body: "#SITE_NAME#: -20% this weekend only! Reply STOP to opt out.",
        audience: { type: "list", phones: list },
      })
      expect(res.status).toBe(200)
      expect(res.data.plan).toMatchObject({
        found: 6,
        invalid: 2,
        duplicates: 1,
        opted_out: 1,
        recipients: 2,
        parts_per_message: 1,
        estimated_parts: 2,
        text: "Test Shop: -20% this weekend only! Reply STOP to opt out.",
      })
      expect(res.data.plan.estimated_cost).toBeNull()
      expect(res.data.plan.sample_recipients).toEqual([PHONES[0], PHONES[1]])
      expect(bsg.requests).toHaveLength(0)
      expect((await get("/admin/messaging/messages")).data.count).toBe(0)
    })

    it("dry run of a customer group and of customers who ordered in a date range from a sales channel", async () => {
      const group = await post("/admin/messaging/campaigns/dry-run", {
        body: "Hi VIP",
        audience: { type: "customer_group", customer_group_id: groupId },
      })
      expect(group.data.plan).toMatchObject({ found: 2, recipients: 2 })
      const from = new Date(Date.now() - 3600_000).toISOString()
      const to = new Date(Date.now() + 3600_000).toISOString()
      const kyiv = await post("/admin/messaging/campaigns/dry-run", {
        body: "Hi Kyiv",
        audience: { type: "orders", from, to, sales_channel_id: seed.salesChannels.kyiv.id },
      })
      expect(kyiv.data.plan).toMatchObject({ found: 1, recipients: 1, sample_recipients: [PHONES[2]] })
      const all = await post("/admin/messaging/campaigns/dry-run", {
        body: "Hi all",
        audience: { type: "orders", from, to },
      })
      expect(all.data.plan.recipients).toBe(2)
    })

    it("refuses bad campaigns, naming the field", async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ body: "x", audience: { type: "list" } }, "audience.phones"],
        [{ body: "x", audience: { type: "customer_group" } }, "audience.customer_group_id"],
        [
          { body: "x", audience: { type: "customer_group", customer_group_id: "cusgroup_nope" } },
          "audience.customer_group_id",
        ],
        [{ body: "x", audience: { type: "orders", to: new Date().toISOString() } }, "audience.from"],
        [{ body: "x", audience: { type: "orders", from: "someday", to: "later" } }, "audience, from"],
        [{ body: "x", audience: { type: "everyone" } }, "audience, type"],
        [{ body: "#ORDER_ID# deal", audience: { type: "list", phones: PHONES[0] } }, "body"],
        [{ body: "x".repeat(10_240), audience: { type: "list", phones: PHONES[0] } }, "body"],
        [{ body: "x", channel: "email", audience: { type: "list", phones: PHONES[0] } }, "channel"],
        [{ body: "x" }, "audience"],
      ]
      for (const [body, field] of cases) {
        const res = await post("/admin/messaging/campaigns/dry-run", body)
        expect([field, res.status]).toEqual([field, 400])
        expect(res.data.message).toContain(field)
      }
      const nobody = await post("/admin/messaging/campaigns", {
        name: "Empty",
        body: "x",
        audience: { type: "list", phones: "+380441234567" },
      })
      expect(nobody.status).toBe(400)
      expect(nobody.data.message).toContain("audience")
      expect(
        (
          await post("/admin/messaging/campaigns", {
            name: "",
            body: "x",
            audience: { type: "list", phones: PHONES[0] },
          })
        ).data.message
      ).toContain("name")
      expect(
        (
          await post("/admin/messaging/campaigns", {
            name: "x",
            body: "x",
            rate_per_second: 0,
            audience: { type: "list", phones: PHONES[0] },
          })
        ).data.message
      ).toContain("rate_per_second")
    })

    it("runs a campaign: every recipient gets it at the provider, the opted-out one is skipped, and it completes", async () => {
      await post("/admin/messaging/opt-outs", { phone: PHONES[2], channel: "sms" })
      const res = await post("/admin/messaging/campaigns", {
        name: "Weekend sale",
        channel: "sms",
        body: "#SITE_NAME#: weekend sale!",
        rate_per_second: 50,
        audience: { type: "list", phones: list },
      })
      expect(res.status).toBe(201)
      expect(res.data.campaign).toMatchObject({
        name: "Weekend sale",
        total: 3,
        skipped: 1,
        audience: { type: "list", pasted_numbers: 6 },
      })
      expect(res.data.campaign.progress).toMatchObject({ total: 3, skipped: 1 })
      const id = res.data.campaign.id
      await waitFor(
        "both at BSG",
        () => bsg.messagesTo(PHONES[0].slice(1)).length === 1 && bsg.messagesTo(PHONES[1].slice(1)).length === 1
      )
      expect(bsg.messagesTo(PHONES[2].slice(1))).toHaveLength(0)
      expect(bsg.messagesTo(PHONES[0].slice(1))[0].body).toBe("Test Shop: weekend sale!")
      await waitFor(
        "nothing left to send",
        async () => (await get(`/admin/messaging/campaigns/${id}`)).data.campaign.progress.sent === 2
      )
      // reading a campaign changes nothing (helpers/__tests__/campaigns.spec.ts): the maintenance job completes it
      await messaging().runMaintenance()
      const done = await get(`/admin/messaging/campaigns/${id}`)
      expect(done.data.campaign.status).toBe("completed")
      expect(done.data.campaign.finished_at).not.toBeNull()
      expect(done.data.campaign.progress).toMatchObject({ total: 3, sent: 2, skipped: 1, queued: 0 })
      expect((await get("/admin/messaging/messages", { campaign_id: id })).data.count).toBe(3)
      expect((await get("/admin/messaging/campaigns")).data.campaigns.map((c: any) => c.id)).toEqual([id])
    })

    it("a scheduled campaign can be paused, resumed and canceled; unknown ids are 404", async () => {
      const res = await post("/admin/messaging/campaigns", {
        name: "Later",
        body: "Tomorrow's offer",
        start_at: new Date(Date.now() + 24 * 3600_000).toISOString(),
        rate_per_second: 1,
        audience: { type: "list", phones: PHONES.join(",") },
      })
      expect(res.status).toBe(201)
      const id = res.data.campaign.id
      expect(res.data.campaign).toMatchObject({ status: "running", progress: { total: 3, queued: 3 } })

      const paused = await post(`/admin/messaging/campaigns/${id}/pause`, {})
      expect(paused.data.campaign).toMatchObject({ status: "paused", progress: { deferred: 3, queued: 0 } })
      const resumed = await post(`/admin/messaging/campaigns/${id}/resume`, {})
      expect(resumed.data.campaign.status).toBe("running")
      // resumed from now at 1/s: the first goes right away
      await waitFor("first message after resume", () => bsg.requests.length > 0)
      const canceled = await post(`/admin/messaging/campaigns/${id}/cancel`, {})
      expect(canceled.data.campaign.status).toBe("canceled")
      const progress = canceled.data.campaign.progress
      expect(progress.canceled).toBeGreaterThanOrEqual(1)
      expect(progress.queued + progress.deferred).toBe(0)
      for (const url of [`/admin/messaging/campaigns/mcmp_nope`]) expect((await get(url)).status).toBe(404)
      for (const action of ["pause", "resume", "cancel"])
        expect((await post(`/admin/messaging/campaigns/mcmp_nope/${action}`, {})).status).toBe(404)
    })

    it("at night a campaign waits for the morning: the dry run says when it starts, rows keep their pace from the window's end, pause and resume keep it", async () => {
      const global = (await get("/admin/messaging/sites")).data.sites.find((x: any) => !x.sales_channel_id)
      const dayZone = global.time_zone
      const nightZone = zoneWhereHourIs(2) // 02:xx there: inside 21:00–08:00
      expect((await post(`/admin/messaging/sites/${global.id}`, { time_zone: nightZone })).status).toBe(200)
      try {
        const audience = { type: "list", phones: PHONES.slice(0, 2).join("\n") }
        const dry = await post("/admin/messaging/campaigns/dry-run", { body: "Night owl sale", audience })
        expect(dry.data.plan.quiet_hours).toMatchObject({
          enabled: true,
          start: "21:00",
          end: "08:00",
          time_zone: nightZone,
          source: "marketing",
        })
        const opens = new Date(dry.data.plan.quiet_hours.waits_until)
        // the next 08:00 in that zone: between 5 and 7 hours from now
        expect(opens.getTime() - Date.now()).toBeGreaterThan(5 * 3600_000)
        expect(opens.getTime() - Date.now()).toBeLessThanOrEqual(7 * 3600_000)

        const res = await post("/admin/messaging/campaigns", {
          name: "Night",
          body: "Night owl sale",
          rate_per_second: 2,
          audience,
        })
        expect(res.status).toBe(201)
        const id = res.data.campaign.id
        expect(res.data.campaign).toMatchObject({ status: "running", progress: { total: 2, deferred: 2, queued: 0 } })
        expect(new Date(res.data.campaign.next_send_at)).toEqual(opens)
        const rows = (await get("/admin/messaging/messages", { campaign_id: id })).data.messages
        expect(
          rows
            .map((m: any) => new Date(m.next_attempt_at).getTime() - opens.getTime())
            .sort((a: number, b: number) => a - b)
        ).toEqual([0, 500])

        // paused at night: the rows held for the morning are paused too; resumed: the morning again, same pace
        expect((await post(`/admin/messaging/campaigns/${id}/pause`, {})).data.campaign.progress).toMatchObject({
          deferred: 2,
        })
        expect(
          (await get("/admin/messaging/messages", { campaign_id: id })).data.messages.every(
            (m: any) => m.next_attempt_at === null
          )
        ).toBe(true)
        const resumed = await post(`/admin/messaging/campaigns/${id}/resume`, {})
        expect(resumed.data).toMatchObject({
          affected: 2,
          campaign: { status: "running", progress: { deferred: 2, queued: 0 } },
        })
        const after = (await get("/admin/messaging/messages", { campaign_id: id })).data.messages
        expect(
          after
            .map((m: any) => new Date(m.next_attempt_at).getTime() - opens.getTime())
            .sort((a: number, b: number) => a - b)
        ).toEqual([0, 500])
        await messaging().dispatchNow()
        expect(bsg.requests).toHaveLength(0)
        await post(`/admin/messaging/campaigns/${id}/cancel`, {})
      } finally {
        await post(`/admin/messaging/sites/${global.id}`, { time_zone: dayZone })
      }
    })
  },
})
