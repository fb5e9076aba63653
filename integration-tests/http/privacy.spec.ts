/**
 * Consent and personal data through the real host (hardening issue, sections 6 and 7):
 * the debug log masks numbers and texts unless an admin turns on full capture for a
 * limited time; resend to an opted-out number is refused unless the admin overrides it
 * (recorded on the timeline); deleting a customer in the admin anonymizes their messages,
 * inbound texts and opt-out notes.
 */
import { createHash } from "node:crypto"
import { startFakeBsg, type FakeBsg } from "../../test/fakes"
import { adminHeaders, hostEnv, hostIntegrationTestRunner, prepareHost } from "../../test/support/medusa-host"
import { seedShop, type ShopSeed } from "../../test/support/seed-shop"
import { registerCustomer } from "../../test/support/storefront"
import { waitFor } from "../../test/support/wait"
import { BSG_KEY, CUSTOMER_PHONE, bsgPluginOptions, call } from "./admin-support"

jest.setTimeout(300_000)

let bsg: FakeBsg
const cwd = prepareHost()
const OTHER_PHONE = "+380501112233"

beforeAll(async () => {
  bsg = await startFakeBsg({ apiKey: BSG_KEY })
  Object.assign(
    process.env,
    hostEnv(bsgPluginOptions(bsg.url, { install_default_templates: false, debug_full_capture_max_minutes: 30 }))
  )
})
afterAll(async () => bsg?.close())

hostIntegrationTestRunner({
  cwd,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let headers: Record<string, string>
    let seed: ShopSeed
    const get = (url: string, params?: Record<string, unknown>) => call(api, "get", url, { headers, params })
    const post = (url: string, body: unknown) => call(api, "post", url, { headers, body })
    const del = (url: string) => call(api, "delete", url, { headers })
    const messaging = () => getContainer().resolve("messaging") as any
    const sendTo = async (to: string, body: string, extra: Record<string, unknown> = {}) => {
      const res = await post("/admin/messaging/send", { to, body, critical: true, ...extra })
      expect(res.status).toBe(201)
      const id = res.data.message.id
      await waitFor(
        `${id} sent`,
        async () => (await get(`/admin/messaging/messages/${id}`)).data.message.status === "sent"
      )
      return res.data.message
    }

    beforeAll(async () => {
      seed = await seedShop(getContainer())
      headers = (await adminHeaders(getContainer())).headers
    })
    beforeEach(() => {
      messaging().invalidateCaches()
      bsg.reset()
    })

    it("the debug log masks phone numbers and texts; full capture shows them for a limited time, then they are masked again", async () => {
      await post("/admin/messaging/settings", { debug_enabled: true })
      // the newest send entry once there are `n` of them
      const sendEntry = (n: number) =>
        waitFor(`send entry ${n}`, async () => {
          const r = await get("/admin/messaging/debug-log", { operation: "send", limit: 1 })
          return r.data.count >= n && r.data.entries[0]
        })
      await sendTo(OTHER_PHONE, "Secret code 4411")
      const masked = await sendEntry(1)
      expect(masked.request).toContain("*********233")
      expect(masked.request).toContain("[text hidden: 16 chars]")
      expect(JSON.stringify(masked)).not.toMatch(/501112233|Secret code/)

      expect((await get("/admin/messaging/debug-log/full-capture")).data).toEqual({
        debug_full_capture_until: null,
        max_minutes: 30,
      })
      const tooLong = await post("/admin/messaging/debug-log/full-capture", { minutes: 31 })
      expect(tooLong.status).toBe(400)
      expect(tooLong.data.message).toContain("minutes")
      expect((await post("/admin/messaging/debug-log/full-capture", { minutes: "ten" })).status).toBe(400)
      const on = await post("/admin/messaging/debug-log/full-capture", { minutes: 10 })
      expect(on.status).toBe(200)
      const until = new Date(on.data.debug_full_capture_until).getTime()
      expect(until).toBeGreaterThan(Date.now() + 9 * 60_000)
      expect(until).toBeLessThanOrEqual(Date.now() + 10 * 60_000)
      expect((await get("/admin/messaging/debug-log/full-capture")).data.debug_full_capture_until).toBe(
        on.data.debug_full_capture_until
      )

      await sendTo(OTHER_PHONE, "Second code 5522")
      const full = await sendEntry(2)
      expect(full.request).toContain("380501112233")
      expect(full.request).toContain("Second code 5522")

      expect((await post("/admin/messaging/debug-log/full-capture", { minutes: 0 })).data).toEqual({
        debug_full_capture_until: null,
      })
      await sendTo(OTHER_PHONE, "Third code 6633")
      const again = await sendEntry(3)
      expect(again.request).toContain("*********233")
      expect(JSON.stringify(again)).not.toMatch(/501112233|Third code/)
    })

    it("resend to a number that opted out since is refused unless the admin overrides it; the override is on the copy's timeline", async () => {
      const original = await sendTo(CUSTOMER_PHONE, "Your parcel is at the post office")
      expect(
        (await post("/admin/messaging/opt-outs", { phone: CUSTOMER_PHONE, channel: "sms", note: "asked on the phone" }))
          .status
      ).toBe(201)

      const refused = await post("/admin/messaging/messages/resend", { ids: [original.id] })
      expect(refused.status).toBe(201)
      expect(refused.data).toEqual({
        messages: [],
        not_resent: [original.id],
        refused: [{ id: original.id, code: "opted_out", reason: `${CUSTOMER_PHONE} opted out of sms messages` }],
      })
      expect(
        (await post("/admin/messaging/messages/resend", { ids: [original.id], override_consent: "yes" })).status
      ).toBe(400)

      const forced = await post("/admin/messaging/messages/resend", { ids: [original.id], override_consent: true })
      expect(forced.data.messages).toHaveLength(1)
      const copy = forced.data.messages[0]
      await waitFor("the copy at BSG", () => bsg.messagesTo(CUSTOMER_PHONE.slice(1)).length === 2)
      const detail = await waitFor("the copy sent", async () => {
        const r = await get(`/admin/messaging/messages/${copy.id}`)
        return r.data.message.status === "sent" && r
      })
      const override = detail.data.events.find((e: any) => e.source === "admin")
      expect(override.note).toMatch(
        /^resent by user_\w+ overriding the opt-out \(\+380671234567 opted out of sms messages\) and quiet hours$/
      )
    })

    it("deleting a customer anonymizes their messages, inbound texts and opt-out notes; counts and costs stay", async () => {
      const phone = "+380671110099"
      const { customer } = await registerCustomer(api, seed, {
        email: "taras@example.com",
        password: "secret123",
        first_name: "Taras",
        phone,
      })
      const sent = await sendTo(phone, "Taras, your order is packed", { customer_id: customer.id })
      await messaging().enqueueMessages([
        { channel: "sms", direction: "inbound", recipient: phone, body: "STOP it", status: "received" },
      ])
      await post("/admin/messaging/opt-outs", { phone, channel: "sms", note: "Taras called" })
      const statsBefore = (await get("/admin/messaging/stats")).data.totals

      expect((await del(`/admin/customers/${customer.id}`)).status).toBe(200)

      const hash = `sha256:${createHash("sha256").update(phone).digest("hex")}`
      const anonymized = await waitFor("the messages anonymized", async () => {
        const r = await get(`/admin/messaging/messages/${sent.id}`)
        return r.data.message.recipient === hash && r
      })
      expect(anonymized.data.message).toMatchObject({ body: "", status: "sent", customer_id: customer.id })
      const listed = await get("/admin/messaging/messages", { q: "Taras" })
      expect(listed.data.count).toBe(0)
      const all = await get("/admin/messaging/messages", { limit: 500 })
      expect(all.text).not.toContain("671110099")
      const inbound = all.data.messages.filter((m: any) => m.direction === "inbound" && m.recipient === hash)
      expect(inbound).toEqual([expect.objectContaining({ body: "" })])
      const optOuts = await get("/admin/messaging/opt-outs", { q: "671110099" })
      expect(optOuts.data.opt_outs).toEqual([expect.objectContaining({ phone, note: null })])
      expect((await get("/admin/messaging/stats")).data.totals).toEqual(statsBefore)
    })
  },
})
