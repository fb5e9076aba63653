/**
 * RBAC (Medusa's `rbac` feature flag on, MEDUSA_FF_RBAC=true): every admin route of the
 * plugin, table-driven from src/api/route-policies.ts.
 *
 * For each route, a user whose role has every messaging policy except the route's own gets
 * 403 and nothing in the plugin's tables changes; a user whose role has only that policy
 * succeeds. A user without any role is refused everywhere. The plugin's policies are synced
 * into Medusa's `rbac_policy` table (so the role editor offers them).
 *
 * The audit trail: every changing route that succeeds leaves one entry (user, policy, route,
 * a summary without secrets); a refused one or a read leaves none; the Audit route filters;
 * the maintenance tick prunes entries older than `audit_retention_days`.
 *
 * With the flag off (every other spec) the declarations are inert: those specs are unchanged.
 */
import jwt from "jsonwebtoken"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { AUDITED_ROUTES } from "../../src/api/audit/record"
import { ROUTE_POLICIES, type RoutePolicy } from "../../src/api/route-policies"
import { MESSAGING_POLICIES } from "../../src/types/permissions"
import { startFakeBsg, type FakeBsg } from "../../test/fakes"
import { adminHeaders, hostEnv, hostIntegrationTestRunner, prepareHost } from "../../test/support/medusa-host"
import { postLead } from "../../test/support/intake"
import { seedShop, type ShopSeed } from "../../test/support/seed-shop"
import { placeOrder, registerCustomer } from "../../test/support/storefront"
import { waitFor } from "../../test/support/wait"
import { BSG_KEY, CUSTOMER_PHONE, bsgPluginOptions, call } from "./admin-support"

jest.setTimeout(600_000)

const FLAG = "MEDUSA_FF_RBAC"
const flagBefore = process.env[FLAG]
process.env[FLAG] = "true"
afterAll(() => {
  // The other spec files of a run share this process: they keep today's behaviour.
  if (flagBefore === undefined) delete process.env[FLAG]
  else process.env[FLAG] = flagBefore
})

let bsg: FakeBsg
const cwd = prepareHost({ env: { [FLAG]: "true" } })
const OPTED_OUT = "+380501112233"

beforeAll(async () => {
  bsg = await startFakeBsg({ apiKey: BSG_KEY })
  // No default templates: the order placed for the fixtures queues nothing of its own.
  Object.assign(process.env, hostEnv(bsgPluginOptions(bsg.url, { install_default_templates: false })), {
    [FLAG]: "true",
  })
})
afterAll(async () => bsg?.close())

const key = (r: { resource: string; operation: string }) => `${r.resource}:${r.operation}`

/** A bearer token for `user` carrying `roles`, as Medusa's login puts them (app_metadata.roles). */
function tokenHeaders(container: MedusaContainer, user: { id: string }, identityId: string, roles: string[]) {
  const { projectConfig } = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  const token = jwt.sign(
    { actor_id: user.id, actor_type: "user", auth_identity_id: identityId, app_metadata: { user_id: user.id, roles } },
    projectConfig.http.jwtSecret as string,
    { expiresIn: "1d" }
  )
  return { authorization: `Bearer ${token}` }
}

/** A fingerprint of every messaging_* and intake_* table: equal before and after means nothing changed. */
async function pluginTables(container: MedusaContainer): Promise<Record<string, string>> {
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const { rows: tables } = await pg.raw(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND (table_name LIKE 'messaging\\_%' OR table_name LIKE 'intake\\_%') ORDER BY 1`
  )
  const out: Record<string, string> = {}
  for (const { table_name } of tables) {
    const { rows } = await pg.raw(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM "${table_name}" t`
    )
    out[table_name] = `${rows[0].n}:${rows[0].h}`
  }
  return out
}

/**
 * The plugin's tables once background work (a dispatch started by the previous test, whose
 * database the runner has since restored) has settled: two equal fingerprints in a row.
 */
async function settledTables(container: MedusaContainer): Promise<Record<string, string>> {
  let last = await pluginTables(container)
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 250))
    const next = await pluginTables(container)
    if (JSON.stringify(next) === JSON.stringify(last)) return next
    last = next
  }
  return last
}

type Fixtures = {
  account: string
  template: string
  rule: string
  sender: string
  staff: string
  site: string
  message: string
  campaign: string
  optOut: string
  order: string
  customer: string
  salesChannel: string
  collector: string
  lead: string
}

const INTAKE_SECRET = "website-secret-0123456789"

type Request = { method: "get" | "post" | "delete"; url: string; body?: unknown; params?: Record<string, unknown> }

/** A valid request for each route, on the fixtures (DELETE of a site: a second sales channel's own). */
function requestFor(route: RoutePolicy, f: Fixtures): Request {
  const ids: Record<string, string> = {
    "/accounts/:id": f.account,
    "/accounts/:id/test-connection": f.account,
    "/templates/:id": f.template,
    "/templates/:id/reset": f.template,
    "/rules/:id": f.rule,
    "/senders/:id": f.sender,
    "/staff/:id": f.staff,
    "/staff/:id/send-test": f.staff,
    "/sites/:id": f.site,
    "/messages/:id": f.message,
    "/orders/:id": f.order,
    "/customers/:id": f.customer,
    "/campaigns/:id": f.campaign,
    "/campaigns/:id/pause": f.campaign,
    "/campaigns/:id/resume": f.campaign,
    "/campaigns/:id/cancel": f.campaign,
    "/opt-outs/:id": f.optOut,
    "/intake/collectors/:id": f.collector,
    "/intake/collectors/:id/test-connection": f.collector,
    "/intake/leads/:id": f.lead,
    "/intake/leads/:id/convert": f.lead,
    "/intake/leads/:id/reject": f.lead,
  }
  const url = `/admin/messaging${route.path.replace(":id", ids[route.path] ?? "")}`
  const method = route.method.toLowerCase() as Request["method"]
  const bodies: Record<string, unknown> = {
    "POST /settings": { low_balance_threshold: 7 },
    "POST /sites": { sales_channel_id: f.salesChannel },
    "POST /sites/:id": { name: "Kyiv shop" },
    "POST /staff": { name: "Night shift", email: "night@example.com" },
    "POST /staff/:id": { name: "Ops renamed" },
    "POST /accounts": {
      name: "BSG backup",
      type: "bsg",
      priority: 20,
      base_url: bsg.url,
      credentials: { api_key: BSG_KEY },
      config: { sender: "MyShop" },
    },
    "POST /accounts/:id": { name: "BSG renamed" },
    "POST /senders": { provider_account_id: f.account, channel: "viber", name: "MyShopViber" },
    "POST /senders/:id": { note: "renamed" },
    "POST /templates": { event_name: "order.canceled", audience: "customer", body: "Order #ORDER_ID# canceled" },
    "POST /templates/validate": { body: "Order #ORDER_ID#", event_name: "order.placed" },
    "POST /templates/preview": { body: "Order #ORDER_ID#", event_name: "order.placed", sample: true },
    "POST /templates/:id": { enabled: false },
    "POST /rules": {
      name: "Feedback",
      event_name: "shop.feedback_sent",
      entity: "none",
      phone_source: "#EVENT.PHONE#",
      customer_text: "Thanks!",
    },
    "POST /rules/:id": { enabled: false },
    "POST /text/count": { text: "Привіт" },
    "POST /send": { order_id: f.order, to: CUSTOMER_PHONE, body: "Your parcel is packed" },
    "POST /messages/release": { ids: [f.message] },
    "POST /messages/resend": { ids: [f.message] },
    "POST /messages/send-again": { ids: [f.message] },
    "POST /messages/cancel": { ids: [f.message] },
    "POST /campaigns": {
      name: "Tomorrow",
      body: "Tomorrow's offer",
      start_at: new Date(Date.now() + 48 * 3600_000).toISOString(),
      audience: { type: "list", phones: "+380671112200" },
    },
    "POST /campaigns/dry-run": { body: "Sale", audience: { type: "list", phones: "+380671112200" } },
    "POST /opt-outs": { phone: "+380671112201", channel: "sms" },
    "POST /debug-log/full-capture": { minutes: 15 },
    "POST /intake/collectors": {
      name: "Calculator",
      type: "http",
      config: { auth: "bearer" },
      secrets: { secret: INTAKE_SECRET },
    },
    "POST /intake/collectors/:id": { name: "Website renamed" },
    "POST /intake/leads/:id": { status: "in_progress" },
    "POST /intake/leads/:id/reject": { reason: "spam" },
  }
  const body = bodies[`${route.method} ${route.path}`]
  return { method, url, body: route.method === "POST" ? (body ?? {}) : undefined }
}

hostIntegrationTestRunner({
  cwd,
  env: { [FLAG]: "true" },
  testSuite: ({ api, getContainer }) => {
    let seed: ShopSeed
    let f: Fixtures
    let userId: string
    let superHeaders: Record<string, string>
    let noRoleHeaders: Record<string, string>
    /** Per policy key: headers of a user with only that policy / with every other messaging policy. */
    const only = new Map<string, Record<string, string>>()
    const allBut = new Map<string, Record<string, string>>()

    const as = (headers: Record<string, string>, req: Request) =>
      call(api, req.method, req.url, { headers, body: req.body, params: req.params })

    beforeAll(async () => {
      const container = getContainer()
      seed = await seedShop(container)
      const { user } = await adminHeaders(container)
      userId = user.id
      const auth = container.resolve(Modules.AUTH)
      const [identity] = await auth.listAuthIdentities({ app_metadata: { user_id: user.id } } as any)
      const rbac = container.resolve(Modules.RBAC) as any

      // Synced at start-up from src/policies: the role editor lists them.
      const policies = await rbac.listRbacPolicies({ key: MESSAGING_POLICIES.map(key) })
      expect(policies.map((p: any) => p.key).sort()).toEqual(MESSAGING_POLICIES.map(key).sort())
      const policyId = new Map<string, string>(policies.map((p: any) => [p.key, p.id]))

      const role = async (name: string, keys: string[]) => {
        const [created] = await rbac.createRbacRoles([{ name }])
        if (keys.length)
          await rbac.createRbacRolePolicies(keys.map((k) => ({ role_id: created.id, policy_id: policyId.get(k) })))
        return tokenHeaders(container, user, identity.id, [created.id])
      }
      const allKeys = MESSAGING_POLICIES.map(key)
      for (const k of allKeys) {
        only.set(k, await role(`only ${k}`, [k]))
        allBut.set(
          k,
          await role(
            `all but ${k}`,
            allKeys.filter((o) => o !== k)
          )
        )
      }
      superHeaders = tokenHeaders(container, user, identity.id, ["role_super_admin"])
      noRoleHeaders = tokenHeaders(container, user, identity.id, [])

      // Fixtures, made by the super admin through the API.
      const post = async (url: string, body: unknown) => {
        const res = await as(superHeaders, { method: "post", url: `/admin/messaging${url}`, body })
        if (res.status >= 300) throw new Error(`${url}: ${res.status} ${res.text}`)
        return res.data
      }
      const get = async (url: string) => (await as(superHeaders, { method: "get", url: `/admin/messaging${url}` })).data
      const registered = await registerCustomer(api, seed, {
        email: "olena@example.com",
        password: "secret123",
        first_name: "Olena",
        phone: CUSTOMER_PHONE,
      })
      const { order } = await placeOrder(api, seed, {
        phone: "067 123 45 67",
        firstName: "Olena",
        customerToken: registered.token,
      })
      // An account made in the admin (one declared in the plugin options cannot be deleted there).
      const account = (
        await post("/accounts", {
          name: "BSG admin-made",
          type: "bsg",
          priority: 50,
          base_url: bsg.url,
          credentials: { api_key: BSG_KEY },
          config: { sender: "MyShop" },
        })
      ).account.id
      // Nothing recorded in the background between a test's two fingerprints.
      await post("/settings", { debug_enabled: false })
      const sent = (await post("/send", { order_id: order.id, to: CUSTOMER_PHONE, body: "Packed" })).message
      await waitFor(
        "fixture message sent",
        async () => (await get(`/messages/${sent.id}`)).message?.status === "sent",
        60_000
      )
      const template = // order.placed has a BW_ default: Reset to default works on it.
        (await post("/templates", { event_name: "order.placed", audience: "customer", body: "Order #ORDER_ID#" }))
          .template.id
      const collector = (
        await post("/intake/collectors", {
          name: "Website",
          type: "http",
          sales_channel_id: seed.salesChannels.web.id,
          config: { auth: "bearer" },
          secrets: { secret: INTAKE_SECRET },
        })
      ).collector.id
      // A lead with a line has a draft order: Convert works on it.
      const leadPayload = { Телефон: "+380671230001", Товары: [{ Номенклатура: "Ролап", Количество: 2, Цена: 500 }] }
      const posted = await postLead(api, collector, Buffer.from(JSON.stringify(leadPayload)), { bearer: INTAKE_SECRET })
      if (posted.status !== 201) throw new Error(`lead: ${posted.status} ${JSON.stringify(posted.data)}`)
      const lead = posted.data.lead_id as string
      f = {
        account,
        template,
        rule: (
          await post("/rules", {
            name: "VIN",
            event_name: "shop.vin_requested",
            entity: "none",
            phone_source: "#EVENT.PHONE#",
            customer_text: "We got your VIN",
          })
        ).rule.id,
        sender: (await post("/senders", { provider_account_id: account, channel: "sms", name: "MyShop" })).sender.id,
        staff: (await post("/staff", { name: "Ops", email: "ops@example.com" })).profile.id,
        site: (await post("/sites", { sales_channel_id: seed.salesChannels.kyiv.id })).site.id,
        message: sent.id,
        campaign: (
          await post("/campaigns", {
            name: "Later",
            body: "Later offer",
            start_at: new Date(Date.now() + 24 * 3600_000).toISOString(),
            audience: { type: "list", phones: "+380671112233" },
          })
        ).campaign.id,
        optOut: (await post("/opt-outs", { phone: OPTED_OUT, channel: "all" })).opt_out.id,
        order: order.id,
        customer: registered.customer.id,
        salesChannel: seed.salesChannels.web.id,
        collector,
        lead,
      }
      await waitFor("the fixtures' audit entries", async () => (await audit("POST /opt-outs")).length === 1, 10_000)
      // Each test counts its own audit entries: the fixtures' are not part of the snapshot.
      const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      await pg.raw("DELETE FROM messaging_audit_entry")
    })

    it("a user without any role is refused on every route", async () => {
      for (const route of ROUTE_POLICIES) {
        const res = await as(noRoleHeaders, requestFor(route, f))
        expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
          route: `${route.method} ${route.path}`,
          status: 403,
        })
      }
    })

    it.each(ROUTE_POLICIES.map((r) => [`${r.method} ${r.path} needs ${key(r)}`, r] as const))(
      "%s",
      async (_name, route) => {
        const req = requestFor(route, f)
        const before = await settledTables(getContainer())
        const refused = await as(allBut.get(key(route))!, req)
        expect(refused.status).toBe(403)
        expect(refused.data.message).toContain(key(route))
        expect(await pluginTables(getContainer())).toEqual(before)

        const allowed = await as(only.get(key(route))!, req)
        expect({ status: allowed.status, body: allowed.status >= 300 ? allowed.text : "" }).toEqual({
          status: expect.any(Number),
          body: "",
        })
        expect(allowed.status).toBeLessThan(300)

        // The audit trail: one entry for a change, none for a read; never a secret.
        const entries = await audit(`${route.method} ${route.path}`)
        const audited = AUDITED_ROUTES.includes(route)
        expect(entries.length).toBe(audited ? 1 : 0)
        if (audited) {
          expect(entries[0]).toMatchObject({ actor_id: userId, action: key(route), resource: route.resource })
          expect(JSON.stringify(entries[0])).not.toContain(BSG_KEY)
          expect(JSON.stringify(entries[0])).not.toContain(INTAKE_SECRET)
        }
      }
    )

    const audit = async (routeName: string) => {
      const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      return (await pg.raw(`SELECT * FROM messaging_audit_entry WHERE route = ?`, [routeName])).rows
    }

    it("the Audit route lists entries newest first with filters, and shows which credentials changed, not their values", async () => {
      const admin = (req: Request) => as(superHeaders, req)
      const NEW_KEY = "live_brandnewsecretkey_987"
      expect(
        (
          await admin({
            method: "post",
            url: `/admin/messaging/accounts/${f.account}`,
            body: { name: "BSG renamed", credentials: { api_key: NEW_KEY } },
          })
        ).status
      ).toBe(200)
      expect(
        (await admin({ method: "post", url: "/admin/messaging/opt-outs", body: { phone: "+380671112299" } })).status
      ).toBe(201)
      const list = async (params: Record<string, unknown>) =>
        (await as(superHeaders, { method: "get", url: "/admin/messaging/audit", params })).data
      const accounts = await list({ resource: "messaging_account" })
      const update = accounts.entries.find((e: any) => e.route === "POST /accounts/:id")
      expect(update).toMatchObject({
        actor_id: userId,
        action: "messaging_account:update",
        resource_id: f.account,
        summary: 'name: "BSG renamed", credentials.api_key: (changed)',
      })
      expect(JSON.stringify(accounts)).not.toContain(NEW_KEY)
      const optOuts = await list({ resource: "messaging_opt_out", q: "opt" })
      expect(optOuts.entries[0]).toMatchObject({
        route: "POST /opt-outs",
        summary: expect.stringContaining('"+*********299"'),
      })
      expect(JSON.stringify(optOuts)).not.toContain("380671112299")
      expect((await list({ actor_id: "user_nobody" })).count).toBe(0)
      expect((await list({ from: new Date(Date.now() + 3600_000).toISOString() })).count).toBe(0)
      const all = await list({})
      const times = all.entries.map((e: any) => e.created_at)
      expect([...times].sort().reverse()).toEqual(times)
      // Read-only: nothing changes or deletes an entry.
      expect((await admin({ method: "delete", url: "/admin/messaging/audit" })).status).toBe(404)
    })

    it("the maintenance tick removes entries older than audit_retention_days (365 by default)", async () => {
      const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      const day = 86_400_000
      for (const [id, age] of [
        ["maud_old", 400],
        ["maud_recent", 300],
      ] as const) {
        const at = new Date(Date.now() - age * day)
        await pg("messaging_audit_entry").insert({
          id,
          action: "messaging_settings:update",
          resource: "messaging_settings",
          route: "POST /settings",
          summary: "",
          created_at: at,
          updated_at: at,
        })
      }
      await (getContainer().resolve("messaging") as any).runMaintenance()
      const ids = (await pg("messaging_audit_entry").whereIn("id", ["maud_old", "maud_recent"]).select("id")).map(
        (r: any) => r.id
      )
      expect(ids).toEqual(["maud_recent"])
    })
  },
})
