/**
 * Events & templates on the real host: the macro catalogue, template CRUD with
 * validation (unknown macros with line/column), preview with sample data or a real
 * order, reset to the BW_ default, the live counter and custom rules.
 *
 * And (formerly admin-auth.spec.ts, now sharing this spec's host): every admin messaging
 * route requires an admin session — without one it answers 401, with a bearer token it
 * does not.
 */
import { adminHeaders, hostEnv, hostIntegrationTestRunner, prepareHost } from "../../test/support/medusa-host"
import { seedShop, type ShopSeed } from "../../test/support/seed-shop"
import { placeOrder } from "../../test/support/storefront"
import { ADMIN_ROUTES, call } from "./admin-support"

jest.setTimeout(300_000)

const pluginOptions = { defaults: { site_name: "Test Shop", default_region: "UA", time_zone: "Europe/Kyiv" } }
const cwd = prepareHost({ pluginOptions })

hostIntegrationTestRunner({
  cwd,
  env: hostEnv(pluginOptions),
  testSuite: ({ api, getContainer, dbConnection }) => {
    let headers: Record<string, string>
    let seed: ShopSeed
    let order: any
    const get = (url: string, params?: Record<string, unknown>) => call(api, "get", url, { headers, params })
    const post = (url: string, body: unknown) => call(api, "post", url, { headers, body })
    const del = (url: string) => call(api, "delete", url, { headers })

    beforeAll(async () => {
      seed = await seedShop(getContainer())
      headers = (await adminHeaders(getContainer())).headers
      ;({ order } = await placeOrder(api, seed, { phone: "+380671234567", firstName: "Olena" }))
    })

    it("lists the events with their macros", async () => {
      const res = await get("/admin/messaging/events")
      expect(res.status).toBe(200)
      const placed = res.data.events.find((e: any) => e.event === "order.placed")
      expect(placed).toMatchObject({ label: "New order", audiences: ["customer", "admin", "staff"], staff: true })
      expect(placed.macros.map((m: any) => m.name)).toEqual(
        expect.arrayContaining(["ORDER_ID", "PRICE", "ORDER_LIST", "SITE_NAME"])
      )
      expect(res.data.events.find((e: any) => e.event === "auth.password_reset").critical).toBe(true)
      expect(res.data.custom_event_macros.map((m: any) => m.name)).toEqual([
        "SITE_NAME",
        "SERVER_NAME",
        "DEFAULT_EMAIL_FROM",
      ])
    })

    it("lists the installed BW_ defaults with filters", async () => {
      const all = await get("/admin/messaging/templates", { limit: 500 })
      expect(all.status).toBe(200)
      expect(all.data.count).toBeGreaterThan(50)
      const uk = await get("/admin/messaging/templates", {
        event_name: "order.placed",
        audience: "customer",
        locale: "uk",
        sales_channel_id: "global",
      })
      expect(uk.data.templates).toHaveLength(1)
      expect(uk.data.templates[0]).toMatchObject({
        code: "BW_ORDER_PLACED_CUSTOMER",
        locale: "uk",
        is_default: true,
        sales_channel_id: null,
      })
      expect((await get("/admin/messaging/templates", { audience: "robot" })).data.message).toContain("audience")
    })

    it("refuses a template with an unknown macro, naming the field, line and column; accepts it once fixed", async () => {
      const bad = await post("/admin/messaging/templates", {
        event_name: "order.placed",
        audience: "customer",
        sales_channel_id: seed.salesChannels.web.id,
        locale: "en",
        body: "Hi #CUSTOMER_FIRST_NAME#!\nOrder #ORDER_ID# costs #PRICEE#",
      })
      expect(bad.status).toBe(400)
      expect(bad.data.message).toContain("Field 'body': ")
      expect(bad.data.message).toContain('Unknown macro "PRICEE"')
      expect(bad.data.message).toContain("line 2, column 24")

      const good = await post("/admin/messaging/templates", {
        event_name: "order.placed",
        audience: "customer",
        sales_channel_id: seed.salesChannels.web.id,
        locale: "en",
        body: "Hi #CUSTOMER_FIRST_NAME#!\nOrder #ORDER_ID# costs #PRICE#",
      })
      expect(good.status).toBe(201)
      expect(good.data.template).toMatchObject({
        code: "BW_ORDER_PLACED_CUSTOMER",
        sales_channel_id: seed.salesChannels.web.id,
        is_default: false,
      })

      const dup = await post("/admin/messaging/templates", {
        event_name: "order.placed",
        audience: "customer",
        sales_channel_id: seed.salesChannels.web.id,
        body: "x",
      })
      expect(dup.status).toBe(400)
      expect(dup.data.message).toContain("code")
    })

    it("validates as the admin types: errors with positions and the SMS counter", async () => {
      const res = await post("/admin/messaging/templates/validate", {
        body: "Замовлення #ORDER_ID# {% if %}",
        event_name: "order.placed",
      })
      expect(res.status).toBe(200)
      expect(res.data.validation.ok).toBe(false)
      expect(res.data.validation.errors[0]).toMatchObject({ line: 1 })
      expect(res.data.counter).toMatchObject({ encoding: "UCS-2", parts: 1 })
      const ok = await post("/admin/messaging/templates/validate", {
        body: "Order #ORDER_ID# is ready",
        event_name: "order.placed",
        audience: "customer",
      })
      expect(ok.data.validation).toMatchObject({ ok: true, errors: [], unknown_macros: [] })
      expect(ok.data.validation.allowed_macros).toContain("ORDER_ID")
      const unknown = await post("/admin/messaging/templates/validate", {
        body: "Hi #NOPE#",
        event_name: "customer.created",
      })
      expect(unknown.data.validation).toMatchObject({
        ok: false,
        unknown_macros: ["NOPE"],
        errors: [{ line: 1, column: 4 }],
      })
    })

    it("counts characters, parts and what transliteration saves", async () => {
      const res = await post("/admin/messaging/text/count", {
        text: "Ваше замовлення №1042 відправлено. Дякуємо за покупку! Очікуйте дзвінка кур'єра.",
      })
      expect(res.status).toBe(200)
      expect(res.data.counter).toMatchObject({ encoding: "UCS-2", parts: 2 })
      expect(res.data.counter.transliteration).toMatchObject({ encoding: "GSM-7", parts: 1, saved_parts: 1 })
      expect((await post("/admin/messaging/text/count", { text: 5 })).data.message).toContain("text")
    })

    it("previews with sample data and with a real order", async () => {
      const sample = await post("/admin/messaging/templates/preview", {
        body: "#SITE_NAME#: order ##ORDER_ID# for #CONTACT_PERSON#, #PRICE#",
        event_name: "order.placed",
      })
      expect(sample.status).toBe(200)
      expect(sample.data.preview).toMatchObject({
        source: "sample",
        text: expect.stringContaining("Test Shop: order #1042"),
      })
      expect(sample.data.preview.counter.parts).toBe(1)

      const real = await post("/admin/messaging/templates/preview", {
        body: "#SITE_NAME#: order ##ORDER_ID# for #CUSTOMER_FIRST_NAME#",
        event_name: "order.placed",
        order_id: order.id,
      })
      expect(real.status).toBe(200)
      expect(real.data.preview).toMatchObject({
        source: "order",
        order_id: order.id,
        text: `Test Shop: order #${order.display_id} for Olena`,
      })

      const missing = await post("/admin/messaging/templates/preview", {
        body: "x",
        event_name: "order.placed",
        order_id: "order_nope",
      })
      expect(missing.status).toBe(404)

      const broken = await post("/admin/messaging/templates/preview", {
        body: "#ORDER_ID# {{ ORDER_ID | nope }}",
        event_name: "order.placed",
      })
      expect(broken.status).toBe(200)
      expect(broken.data.validation.ok).toBe(false)
    })

    it("edits a default (no longer default), resets it to the BW_ text, deletes it; unknown ids are 404", async () => {
      const { data } = await get("/admin/messaging/templates", {
        event_name: "order.canceled",
        audience: "customer",
        locale: "en",
        sales_channel_id: "global",
      })
      const tpl = data.templates[0]
      const edited = await post(`/admin/messaging/templates/${tpl.id}`, {
        body: "Order #ORDER_ID# canceled",
        critical: true,
        enabled: false,
      })
      expect(edited.status).toBe(200)
      expect(edited.data.template).toMatchObject({
        body: "Order #ORDER_ID# canceled",
        is_default: false,
        critical: true,
        enabled: false,
      })
      expect((await post(`/admin/messaging/templates/${tpl.id}`, { body: "Order #ORDERID#" })).data.message).toContain(
        "ORDERID"
      )
      expect(
        (await post(`/admin/messaging/templates/${tpl.id}`, { event_name: "order.placed" })).data.message
      ).toContain("event_name")

      const reset = await post(`/admin/messaging/templates/${tpl.id}/reset`, {})
      expect(reset.status).toBe(200)
      expect(reset.data.template).toMatchObject({ body: tpl.body, is_default: true, critical: false })

      const custom = await post("/admin/messaging/templates", {
        event_name: "manual",
        audience: "customer",
        body: "Hello from #SITE_NAME#",
      })
      expect(custom.status).toBe(201)
      expect(custom.data.template.code).toBe("CUSTOM_MANUAL_CUSTOMER_SMS")
      expect((await post(`/admin/messaging/templates/${custom.data.template.id}/reset`, {})).status).toBe(400)
      expect((await del(`/admin/messaging/templates/${custom.data.template.id}`)).data.deleted).toBe(true)
      for (const [method, url] of [
        ["get", "/admin/messaging/templates/mtpl_nope"],
        ["post", "/admin/messaging/templates/mtpl_nope"],
        ["delete", "/admin/messaging/templates/mtpl_nope"],
        ["post", "/admin/messaging/templates/mtpl_nope/reset"],
      ] as const) {
        expect([
          url,
          (await call(api, method, url, { headers, body: method === "post" ? {} : undefined })).status,
        ]).toEqual([url, 404])
      }
    })

    it("stores SQL and HTML verbatim and returns them as JSON", async () => {
      const nasty = `<script>alert("x")</script> '; DROP TABLE messaging_template; -- #ORDER_ID# <img src=x onerror=alert(1)>`
      const created = await post("/admin/messaging/templates", {
        event_name: "manual",
        audience: "customer",
        body: nasty,
        subject: "<b>hi</b>",
      })
      expect(created.status).toBe(201)
      expect(created.headers["content-type"]).toContain("application/json")
      const read = await get(`/admin/messaging/templates/${created.data.template.id}`)
      expect(read.data.template.body).toBe(nasty)
      expect(read.data.template.subject).toBe("<b>hi</b>")
      const { rows } = await dbConnection.raw(`SELECT count(*)::int AS n FROM messaging_template`)
      expect(rows[0].n).toBeGreaterThan(50)
      const search = await get("/admin/messaging/templates", { q: "'; DROP TABLE" })
      expect(search.status).toBe(200)
    })

    it("refuses oversized and mistyped input, naming the field", async () => {
      const cases: Array<[string, unknown, string]> = [
        [
          "/admin/messaging/templates",
          { event_name: "order.placed", audience: "customer", body: "x".repeat(10_240) },
          "body",
        ],
        ["/admin/messaging/templates", { event_name: "order placed!", audience: "customer", body: "x" }, "event_name"],
        [
          "/admin/messaging/templates",
          { event_name: "order.placed", audience: "customer", body: "x", locale: "english" },
          "locale",
        ],
        ["/admin/messaging/templates", { event_name: "order.placed", audience: "customer", body: "" }, "body"],
        ["/admin/messaging/templates", { event_name: "order.placed", body: "x" }, "audience"],
        ["/admin/messaging/templates", { event_name: "order.placed", audience: "customer", body: 42 }, "body"],
        ["/admin/messaging/templates/validate", { event_name: "order.placed", body: ["x"] }, "body"],
        ["/admin/messaging/templates/preview", { body: "x" }, "event_name"],
        ["/admin/messaging/templates/preview", { body: "x", event_name: "order.placed", sample: "yes" }, "sample"],
      ]
      for (const [url, body, field] of cases) {
        const res = await post(url, body)
        expect([url, field, res.status]).toEqual([url, field, 400])
        expect(res.data.message).toContain(field)
      }
    })

    it("custom rules: create, validate texts against the entity's macros, update, delete", async () => {
      const created = await post("/admin/messaging/rules", {
        name: "Return approved",
        event_name: "my_module.return_approved",
        entity: "order",
        id_field: "order_id",
        phone_source: "#ORDER.SHIPPING_ADDRESS.PHONE#",
        customer_text: "Your return for order #ORDER.DISPLAY_ID# is approved. #SITE_NAME#",
        admin_text: null,
      })
      expect(created.status).toBe(201)
      const id = created.data.rule.id
      const bad = await post("/admin/messaging/rules", {
        name: "x",
        event_name: "x.y",
        entity: "order",
        phone_source: "p",
        customer_text: "#CUSTOMER.NAME#",
      })
      expect(bad.status).toBe(400)
      expect(bad.data.message).toContain("customer_text")
      expect(
        (await post("/admin/messaging/rules", { name: "x", event_name: "x.y", phone_source: "p" })).data.message
      ).toContain("customer_text")
      const payloadOnly = await post("/admin/messaging/rules", {
        name: "Payload",
        event_name: "x.y",
        entity: "none",
        phone_source: "#EVENT.PHONE#",
        admin_text: "Event for #EVENT.ORDER_ID# at #SITE_NAME#",
      })
      expect(payloadOnly.status).toBe(201)
      await call(api, "delete", `/admin/messaging/rules/${payloadOnly.data.rule.id}`, { headers })
      const check = await post("/admin/messaging/templates/validate", {
        body: "#ORDER.DISPLAY_ID# #EVENT.ID# #NOPE#",
        event_name: "x.y",
        entity: "order",
      })
      expect(check.data.validation.unknown_macros).toEqual(["NOPE"])
      expect(
        (await post("/admin/messaging/rules", { name: "x", event_name: "x y", phone_source: "p", customer_text: "hi" }))
          .data.message
      ).toContain("event_name")
      const updated = await post(`/admin/messaging/rules/${id}`, { enabled: false, critical: true })
      expect(updated.data.rule).toMatchObject({ enabled: false, critical: true })
      expect((await post(`/admin/messaging/rules/${id}`, { customer_text: null })).status).toBe(400)
      expect((await get("/admin/messaging/rules")).data.rules).toHaveLength(1)
      expect((await del(`/admin/messaging/rules/${id}`)).data.deleted).toBe(true)
      expect((await get(`/admin/messaging/rules/${id}`)).status).toBe(404)
    })

    // Last: these post `{}` to every route; the database is restored before each test, the plugin's caches are not.
    describe("every admin route requires an admin session", () => {
      // One test per check (not per route): the runner restores the database before each test.
      it("every route answers 401 without an admin session, and with a made-up token", async () => {
        const wrong: string[] = []
        for (const [method, path] of ADMIN_ROUTES) {
          const anonymous = await call(api, method, path, { body: method === "post" ? {} : undefined })
          if (anonymous.status !== 401 || anonymous.text.includes("messaging_"))
            wrong.push(`${method} ${path} → ${anonymous.status}`)
          const forged = await call(api, method, path, { headers: { authorization: "Bearer not-a-real-token" } })
          if (forged.status !== 401) wrong.push(`${method} ${path} (forged token) → ${forged.status}`)
        }
        expect(wrong).toEqual([])
      })

      it("every route exists for an admin (no route answers 401 or an unknown-route 404)", async () => {
        const { headers } = await adminHeaders(getContainer())
        const wrong: string[] = []
        for (const [method, path] of ADMIN_ROUTES) {
          const res = await call(api, method, path, { headers, body: method === "post" ? {} : undefined })
          // a missing route gives express' HTML 404; a missing entity gives our JSON not_found
          const unknownRoute = res.status === 404 && res.data?.type !== "not_found"
          if (res.status === 401 || unknownRoute || res.status >= 500)
            wrong.push(`${method} ${path} → ${res.status} ${res.text.slice(0, 200)}`)
        }
        expect(wrong).toEqual([])
      })
    })
  },
})
