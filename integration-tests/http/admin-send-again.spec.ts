/**
 * "Send again" for messages held with an unknown outcome (status `unknown`: the request
 * may have reached a provider that cannot be asked, unknown_outcome "hold"): History lists
 * them (the General tab counts them through the same filter), and the route queues the same
 * message again; any other status is left as it is.
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { startFakeBsg, type FakeBsg } from "../../test/fakes"
import { adminHeaders, hostEnv, prepareHost } from "../../test/support/medusa-host"
import { waitFor } from "../../test/support/wait"
import { BSG_KEY, bsgPluginOptions, call } from "./admin-support"

jest.setTimeout(300_000)

let bsg: FakeBsg
const cwd = prepareHost()
const PHONE = "+380501234500"

beforeAll(async () => {
  bsg = await startFakeBsg({ apiKey: BSG_KEY })
  Object.assign(process.env, hostEnv(bsgPluginOptions(bsg.url, { install_default_templates: false })))
})
afterAll(async () => bsg?.close())

medusaIntegrationTestRunner({
  cwd,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let headers: Record<string, string>
    const get = (url: string, params?: Record<string, unknown>) => call(api, "get", url, { headers, params })
    const post = (url: string, body: unknown) => call(api, "post", url, { headers, body })
    const messaging = () => getContainer().resolve("messaging") as any

    beforeAll(async () => {
      headers = (await adminHeaders(getContainer())).headers
    })

    it("lists unknown-outcome messages and sends one again on request; other statuses are not touched", async () => {
      const [held, sent] = await messaging().enqueueMessages([
        { channel: "sms", recipient: PHONE, body: "maybe at the provider", status: "unknown", error: "timeout: no answer within the deadline; not sent again" },
        { channel: "sms", recipient: PHONE, body: "already sent", status: "sent" },
      ])
      const listed = await get("/admin/messaging/messages", { status: "unknown", limit: 1 })
      expect(listed.status).toBe(200)
      expect(listed.data.count).toBe(1)
      expect(listed.data.messages[0]).toMatchObject({ id: held.id, status: "unknown" })
      expect(bsg.messagesTo(PHONE.slice(1))).toHaveLength(0)

      const res = await post("/admin/messaging/messages/send-again", { ids: [held.id, sent.id] })
      expect(res.status).toBe(200)
      expect(res.data).toEqual({ queued: [held.id], not_queued: [sent.id] })
      await waitFor("the message at BSG", () => bsg.messagesTo(PHONE.slice(1)).length === 1)
      await waitFor("it is sent", async () => (await get(`/admin/messaging/messages/${held.id}`)).data.message.status === "sent")
      const detail = await get(`/admin/messaging/messages/${held.id}`)
      expect(detail.data.events.map((e: any) => e.source)).toContain("admin")
      expect((await get("/admin/messaging/messages", { status: "unknown", limit: 1 })).data.count).toBe(0)
      expect((await get(`/admin/messaging/messages/${sent.id}`)).data.message.status).toBe("sent")

      // a second click changes nothing
      expect((await post("/admin/messaging/messages/send-again", { ids: [held.id] })).data).toEqual({ queued: [], not_queued: [held.id] })
      expect((await post("/admin/messaging/messages/send-again", { ids: [] })).status).toBe(400)
    })
  },
})
