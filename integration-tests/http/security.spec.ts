/**
 * Hardening on the real host (docs/security.md sections 3–5):
 *  - a stored secret is only sent where it was entered, and only to allowed hosts,
 *  - custom rules cannot read credentials out of events or records,
 *  - a TurboSMS callback cannot be replayed, its unsigned statuses are confirmed by the
 *    status lookup, and a disabled account's webhook changes nothing.
 */
import http from "node:http"
import type { AddressInfo } from "node:net"
import { startFakeBsg, startFakeTurboSms, type FakeBsg, type FakeTurboSms } from "../../test/fakes"
import { adminHeaders, hostEnv, hostIntegrationTestRunner, prepareHost } from "../../test/support/medusa-host"
import { waitFor } from "../../test/support/wait"
import { call } from "./admin-support"

jest.setTimeout(300_000)

const BSG_KEY = "live_SECRETbsgKEY_0123456789"
const TURBO_TOKEN = "turbo_SECRET_token_0123456789"
const CALLBACK_SECRET = "turbo-callback-secret-0042"
const SMTP_PASSWORD = "smtpSECRETpassword_98765"
const RESET_TOKEN = "tok_RESET_0123456789abcdef0123456789"

/** A server that records every request; answers like a cloud metadata endpoint. */
async function recordingServer(host: string) {
  const hits: { url: string; headers: http.IncomingHttpHeaders }[] = []
  const server = http.createServer((req, res) => {
    hits.push({ url: req.url ?? "", headers: req.headers })
    res
      .writeHead(200, { "Content-Type": "application/json" })
      .end(JSON.stringify({ AccessKeyId: "ASIA-METADATA-SECRET", result: {} }))
  })
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()))
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}

let bsg: FakeBsg
let turbo: FakeTurboSms
let elsewhere: Awaited<ReturnType<typeof recordingServer>>
let metadata: Awaited<ReturnType<typeof recordingServer>>
const cwd = prepareHost()

beforeAll(async () => {
  bsg = await startFakeBsg({ apiKey: BSG_KEY, balance: 42.5 })
  turbo = await startFakeTurboSms({ token: TURBO_TOKEN })
  // allowed (127.0.0.1) but not where the key was entered
  elsewhere = await recordingServer("127.0.0.1")
  // inside the server's network, not in allowed_hosts (stands in for 169.254.169.254)
  metadata = await recordingServer("127.0.0.2")
  Object.assign(
    process.env,
    hostEnv({
      accounts: [
        {
          key: "turbo",
          name: "TurboSMS",
          type: "turbosms",
          priority: 1,
          base_url: turbo.url,
          credentials: { token: TURBO_TOKEN, callback_secret: CALLBACK_SECRET },
          config: { sender: "MyShop" },
        },
      ],
      defaults: { site_name: "Test Shop", default_region: "UA", time_zone: "Europe/Kyiv", sms_sender: "MyShop" },
      dispatch: { dispatch_on_enqueue: false },
      // the default password-reset template rightly sends the reset link: none here, so any token in the outbox is a leak
      install_default_templates: false,
    })
  )
})
afterAll(async () => {
  await Promise.all([bsg?.close(), turbo?.close(), elsewhere?.close(), metadata?.close()])
})

hostIntegrationTestRunner({
  cwd,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let headers: Record<string, string>
    const get = (url: string, params?: Record<string, unknown>) => call(api, "get", url, { headers, params })
    const post = (url: string, body: unknown) => call(api, "post", url, { headers, body })
    const messaging = () => getContainer().resolve("messaging") as any
    const knex = () => getContainer().resolve("__pg_connection__") as any

    beforeAll(async () => {
      headers = (await adminHeaders(getContainer())).headers
    })
    beforeEach(() => messaging().invalidateCaches())

    describe("3. secrets stay where they were entered", () => {
      const createBsg = () =>
        post("/admin/messaging/accounts", {
          name: "BSG",
          type: "bsg",
          priority: 20,
          base_url: bsg.url,
          credentials: { api_key: BSG_KEY },
          config: { sender: "Shop" },
        })

      it("a new base_url needs the key typed again; the stored key never reaches the new host", async () => {
        const created = await createBsg()
        expect(created.status).toBe(201)
        const id = created.data.account.id

        const moved = await post(`/admin/messaging/accounts/${id}`, {
          base_url: elsewhere.url,
          credentials: { api_key: created.data.account.credentials.api_key },
        })
        expect(moved.status).toBe(400)
        expect(moved.data.message).toContain("credentials.api_key")
        const tested = await post(`/admin/messaging/accounts/${id}/test-connection`, {})
        expect(tested.data.result).toMatchObject({ ok: true })
        expect(elsewhere.hits).toEqual([])

        // typed again: the account moves, and only the new key goes there
        const retyped = await post(`/admin/messaging/accounts/${id}`, {
          base_url: elsewhere.url,
          credentials: { api_key: "live_TYPED_again_000000" },
        })
        expect(retyped.status).toBe(200)
        await post(`/admin/messaging/accounts/${id}/test-connection`, {})
        expect(elsewhere.hits.length).toBeGreaterThan(0)
        expect(JSON.stringify(elsewhere.hits)).not.toContain(BSG_KEY)
        expect(JSON.stringify(elsewhere.hits)).toContain("live_TYPED_again_000000")
      })

      it("an SMTP host or port change needs the password typed again", async () => {
        const created = await post("/admin/messaging/accounts", {
          name: "Mail",
          type: "smtp",
          credentials: { user: "shop", password: SMTP_PASSWORD },
          config: { host: "127.0.0.1", port: 2525, from: "shop@example.com" },
        })
        expect(created.status).toBe(201)
        const id = created.data.account.id
        const moved = await post(`/admin/messaging/accounts/${id}`, {
          config: { host: "127.0.0.1", port: 2526, from: "shop@example.com" },
        })
        expect(moved.status).toBe(400)
        expect(moved.data.message).toContain("credentials.password")
        // a private host that is not listed is refused even with the password
        const internal = await post(`/admin/messaging/accounts/${id}`, {
          credentials: { password: "new-pass-1234567" },
          config: { host: "10.1.2.3", port: 25, from: "shop@example.com" },
        })
        expect(internal.status).toBe(400)
        expect(internal.data.message).toContain("config.host")
      })

      it("a base_url outside allowed_hosts is refused on create and edit", async () => {
        const created = await post("/admin/messaging/accounts", {
          name: "Meta",
          type: "bsg",
          base_url: `${metadata.url}/latest`,
          credentials: { api_key: BSG_KEY },
        })
        expect(created.status).toBe(400)
        expect(created.data.message).toContain("base_url")
        const { data } = await createBsg()
        const edited = await post(`/admin/messaging/accounts/${data.account.id}`, {
          base_url: "http://169.254.169.254/latest",
          credentials: { api_key: BSG_KEY },
        })
        expect(edited.status).toBe(400)
        expect(edited.data.message).toContain("base_url")
        expect(metadata.hits).toEqual([])
      })

      it("an account stored with a refused host sends nothing there, and the debug log stores no answer from it", async () => {
        expect((await post("/admin/messaging/settings", { debug_enabled: true })).status).toBe(200)
        // as an account saved before this check existed
        const row = await messaging().createMessagingProviderAccounts({
          name: "Old BSG",
          type: "bsg",
          priority: 90,
          base_url: `${metadata.url}/latest/meta-data`,
          credentials: { api_key: BSG_KEY },
          config: { sender: "Shop" },
          source: "admin",
        })
        messaging().invalidateCaches()
        const tested = await post(`/admin/messaging/accounts/${row.id}/test-connection`, {})
        expect(tested.data.result.ok).toBe(false)
        expect(tested.data.result.error).toMatch(/not allowed/)
        expect(metadata.hits).toEqual([])
        await messaging().flushDebugLog()
        const log = await get("/admin/messaging/debug-log", { provider_account_id: row.id })
        expect(log.text).not.toContain("ASIA-METADATA-SECRET")
        expect(log.text).not.toContain(BSG_KEY)
        await post("/admin/messaging/settings", { debug_enabled: false })
      })
    })

    describe("4. custom rules cannot read what they should not", () => {
      it("refuses rules on credential events and secret-looking fields (400 naming the field)", async () => {
        const base = { name: "r", entity: "none", id_field: "id", customer_text: "Hi" }
        const reset = await post("/admin/messaging/rules", {
          ...base,
          event_name: "auth.password_reset",
          phone_source: "token",
        })
        expect(reset.status).toBe(400)
        expect(reset.data.message).toContain("event_name")
        const invite = await post("/admin/messaging/rules", {
          ...base,
          event_name: "invite.created",
          phone_source: "email",
        })
        expect(invite.status).toBe(400)
        const token = await post("/admin/messaging/rules", {
          ...base,
          event_name: "acme.note_added",
          phone_source: "token",
        })
        expect(token.status).toBe(400)
        expect(token.data.message).toContain("phone_source")
        const ok = await post("/admin/messaging/rules", {
          ...base,
          event_name: "acme.note_added",
          phone_source: "phone",
        })
        expect(ok.status).toBe(201)
      })

      it("rules stored before the checks never put a token into the outbox, and an invalid recipient is stored masked", async () => {
        const rules = await messaging().createMessagingCustomRules([
          {
            name: "old reset rule",
            event_name: "auth.password_reset",
            entity: "none",
            id_field: "entity_id",
            phone_source: "token",
            customer_text: "Hi",
            enabled: true,
          },
          {
            name: "old token rule",
            event_name: "acme.account_note",
            entity: "none",
            id_field: "id",
            phone_source: "reset_token",
            customer_text: "Hi",
            enabled: true,
          },
          {
            name: "note rule",
            event_name: "acme.note_logged",
            entity: "none",
            id_field: "id",
            phone_source: "note",
            customer_text: "Hi",
            enabled: true,
          },
        ])
        messaging().invalidateCaches()
        const eventBus = getContainer().resolve("event_bus") as any
        await eventBus.emit([
          {
            name: "auth.password_reset",
            data: { entity_id: "someone@example.com", actor_type: "customer", token: RESET_TOKEN },
          },
          { name: "acme.account_note", data: { id: "n1", reset_token: RESET_TOKEN } },
          { name: "acme.note_logged", data: { id: "n2", note: "call me: not-a-phone-7731" } },
        ])
        // the note rule's row shows the pipeline ran; the token rule gets a row with no phone
        await waitFor(
          "the custom rule rows",
          async () =>
            (await knex()("messaging_message").whereIn("event_name", ["acme.note_logged", "acme.account_note"]))
              .length >= 2,
          60_000,
          200
        )
        const rows = await knex()("messaging_message").select("*")
        expect(JSON.stringify(rows)).not.toContain(RESET_TOKEN)
        expect(
          rows.filter(
            (r: any) => r.event_name === "auth.password_reset" && String(r.resource_id ?? "").startsWith(rules[0].id)
          )
        ).toEqual([])
        const tokenRow = rows.find((r: any) => r.event_name === "acme.account_note")
        expect(tokenRow).toMatchObject({ status: "skipped", recipient: "(none)", error_code: "no_phone" })
        const noteRow = rows.find((r: any) => r.event_name === "acme.note_logged")
        expect(noteRow.status).toBe("skipped")
        expect(noteRow.recipient).toBe("****31 (25 characters)")
        expect(JSON.stringify(noteRow)).not.toContain("not-a-phone-7731")
        const history = await get("/admin/messaging/messages", { limit: 100 })
        expect(history.text).not.toContain(RESET_TOKEN)
        expect(history.text).not.toContain("not-a-phone-7731")
        // such a stored rule can be switched off, not edited
        expect((await post(`/admin/messaging/rules/${rules[0].id}`, { name: "renamed" })).data.message).toContain(
          "event_name"
        )
        expect((await post(`/admin/messaging/rules/${rules[0].id}`, { enabled: false })).status).toBe(200)
      })
    })

    describe("5. callbacks cannot be replayed into false states", () => {
      const turboAccountId = async () => (await knex()("messaging_provider_account").where({ key: "turbo" }).first()).id
      const hook = (id: string, body: unknown) =>
        api.post(`/hooks/messaging/${id}`, JSON.stringify(body), {
          headers: { "content-type": "application/json" },
          validateStatus: () => true,
        })
      const sendOne = async (phone: string) => {
        const { created } = await messaging().enqueueManualMessages({
          channel: "sms",
          recipients: [phone],
          body: "Your order shipped",
          critical: true,
        })
        await messaging().dispatchNow()
        const row = await knex()("messaging_message").where({ id: created[0].id }).first()
        expect(row).toMatchObject({ status: "sent", provider_type: "turbosms" })
        return row as { id: string; provider_message_id: string }
      }
      const statusOf = async (id: string) => (await knex()("messaging_message").where({ id }).first()).status
      const timeline = async (id: string) =>
        Number((await knex()("messaging_message_event").where({ message_id: id }).count("* as n"))[0].n)

      it("an unsigned 'Delivered' is applied only when the status lookup confirms it", async () => {
        const accountId = await turboAccountId()
        const msg = await sendOne("+380671230001")
        // TurboSMS itself still says "Accepted": a forged body cannot deliver it
        const forged = turbo.buildCallback(CALLBACK_SECRET, msg.provider_message_id, "Delivered")
        expect((await hook(accountId, forged)).status).toBe(200)
        expect(await statusOf(msg.id)).toBe("sent")

        turbo.setStatus(msg.provider_message_id, "Delivered")
        expect(
          (await hook(accountId, turbo.buildCallback(CALLBACK_SECRET, msg.provider_message_id, "Delivered"))).status
        ).toBe(200)
        expect(await statusOf(msg.id)).toBe("delivered")
      })

      it("a callback id used once is refused with other statuses for other messages", async () => {
        const accountId = await turboAccountId()
        const first = await sendOne("+380671230002")
        const second = await sendOne("+380671230003")
        turbo.setStatus(second.provider_message_id, "Undelivered")
        const captured = turbo.buildCallback(CALLBACK_SECRET, first.provider_message_id, "Accepted")
        expect((await hook(accountId, captured)).status).toBe(200)
        const before = await timeline(second.id)
        const replay = {
          ...captured,
          data: JSON.stringify({ message_id: second.provider_message_id, status: "Undelivered", type: "sms" }),
        }
        const res = await hook(accountId, replay)
        expect(res.status).toBe(409)
        expect(await statusOf(second.id)).toBe("sent")
        expect(await timeline(second.id)).toBe(before)
      })

      it("a disabled account's webhook answers 404 and changes nothing", async () => {
        const accountId = await turboAccountId()
        const msg = await sendOne("+380671230004")
        turbo.setStatus(msg.provider_message_id, "Delivered")
        expect((await post(`/admin/messaging/accounts/${accountId}`, { enabled: false })).status).toBe(200)
        try {
          const res = await hook(accountId, turbo.buildCallback(CALLBACK_SECRET, msg.provider_message_id, "Delivered"))
          expect(res.status).toBe(404)
          expect(await statusOf(msg.id)).toBe("sent")
        } finally {
          await post(`/admin/messaging/accounts/${accountId}`, { enabled: true })
        }
      })
    })
  },
})
