/**
 * Intake through the real host: HTTP collectors (bearer and HMAC secrets, UTF-8 and
 * Windows-1251 bodies, 400 naming every bad field), the lead, its counterparty and its
 * draft order made by Medusa's own workflow, and the staff messages of
 * `messaging.lead.created`; mailbox collectors against a real dovecot (one lead per mail,
 * Message-ID idempotency, two pollers, faults, backoff, one alert per outage); the admin's
 * collector and lead routes.
 */
import { Modules } from "@medusajs/framework/utils"
import { startFakeBsg, type FakeBsg } from "../../test/fakes"
import { dovecotAvailable, startDovecot, type Dovecot } from "../../test/support/dovecot"
import { appendMails, leadMail, mailFlags } from "../../test/support/intake-mail"
import { SEED_PAYLOAD, SEED_PAYLOAD_TEXT, postLead, toCp1251 } from "../../test/support/intake"
import { adminHeaders, hostEnv, hostIntegrationTestRunner, prepareHost } from "../../test/support/medusa-host"
import { seedShop, type ShopSeed } from "../../test/support/seed-shop"
import { waitFor } from "../../test/support/wait"
import { BSG_KEY, bsgPluginOptions, call } from "./admin-support"

jest.setTimeout(300_000)

const ADMIN_PHONE = "+380501234567"
const SECRET = "website-secret-0123456789"
let bsg: FakeBsg
const cwd = prepareHost()

beforeAll(async () => {
  bsg = await startFakeBsg({ apiKey: BSG_KEY })
  const options = bsgPluginOptions(bsg.url)
  Object.assign(process.env, hostEnv({ ...options, defaults: { ...options.defaults, admin_phones: [ADMIN_PHONE] } }))
})
afterAll(async () => bsg?.close())

// The mailbox tests need Debian's dovecot-imapd (a real IMAP server). Without it they are
// skipped with a warning; in CI (or with MESSAGING_REQUIRE_DOVECOT) a missing dovecot fails.
const haveDovecot = dovecotAvailable()
const requireDovecot = !!(process.env.CI || process.env.MESSAGING_REQUIRE_DOVECOT)
const describeWithDovecot = haveDovecot || requireDovecot ? describe : describe.skip
if (!haveDovecot) {
  const msg = "dovecot is not installed: the mailbox collector tests are skipped (apt-get install -y dovecot-imapd)"
  if (requireDovecot)
    throw new Error(`${msg.replace("are skipped", "cannot run")}; CI/MESSAGING_REQUIRE_DOVECOT is set`)
  console.warn(msg)
}

hostIntegrationTestRunner({
  cwd,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let headers: Record<string, string>
    let seed: ShopSeed
    const get = (url: string, params?: Record<string, unknown>) => call(api, "get", url, { headers, params })
    const post = (url: string, body: unknown) => call(api, "post", url, { headers, body })
    const messaging = () => getContainer().resolve("messaging") as any
    const intake = () => getContainer().resolve("intake") as any
    const createCollector = async (body: Record<string, unknown>) => {
      const res = await post("/admin/messaging/intake/collectors", body)
      expect(res.status).toBe(201)
      return res.data.collector
    }
    const httpCollector = (auth: "bearer" | "hmac" = "bearer") =>
      createCollector({
        name: `Website (${auth})`,
        type: "http",
        sales_channel_id: seed.salesChannels.web.id,
        assignee_group: "sales",
        config: { auth },
        secrets: { secret: SECRET },
      })

    beforeAll(async () => {
      seed = await seedShop(getContainer())
      headers = (await adminHeaders(getContainer())).headers
    })

    describe("HTTP collector", () => {
      it("keeps the secret masked in every answer", async () => {
        const short = await post("/admin/messaging/intake/collectors", {
          name: "x",
          type: "http",
          secrets: { secret: "short" },
        })
        expect(short.status).toBe(400)
        expect(short.data.message).toMatch(/secrets.secret/)
        const collector = await httpCollector()
        expect(collector.secrets).toEqual({ secret: "••••••••" })
        expect(collector.endpoint).toBe(`/hooks/intake/${collector.id}`)
        const list = await get("/admin/messaging/intake/collectors")
        expect(list.text).not.toContain(SECRET)
        const renamed = await post(`/admin/messaging/intake/collectors/${collector.id}`, {
          name: "Renamed",
          secrets: { secret: "" },
        })
        expect(renamed.status).toBe(200)
        expect(renamed.text).not.toContain(SECRET)
        expect((await intake().retrieveIntakeCollector(collector.id)).secrets).toEqual({ secret: SECRET })
      })

      it("the seed's sample in Windows-1251: a lead, a counterparty with its tax id, a draft order, staff messages", async () => {
        await messaging().createMessagingStaffProfiles([
          { name: "Sales desk", email: "sales@shop.test", events: ["messaging.lead.created"] },
        ])
        const collector = await httpCollector()
        const res = await postLead(api, collector.id, toCp1251(SEED_PAYLOAD_TEXT), {
          bearer: SECRET,
          charset: "windows-1251",
        })
        expect(res.status).toBe(201)
        expect(res.data).toEqual({ lead_id: expect.stringMatching(/^lead_/), encoding: "windows-1251" })

        const { lead } = (await get(`/admin/messaging/intake/leads/${res.data.lead_id}`)).data
        expect(lead).toMatchObject({
          status: "new",
          source: "http",
          collector_id: collector.id,
          assignee_group: "sales",
          sales_channel_id: seed.salesChannels.web.id,
          subject: SEED_PAYLOAD["Тема"],
          contact_person: "Прилепский Алексей Анатольевич",
          phone: "+79256424290",
          email: "adwcom@gmail.com",
          tax_id: "7709745454",
          encoding: "windows-1251",
          parse_errors: null,
          draft_order_error: null,
        })
        expect(lead.raw_payload).toBe(SEED_PAYLOAD_TEXT)
        expect(lead.fields.items).toHaveLength(2)

        const customers = getContainer().resolve(Modules.CUSTOMER) as any
        const customer = await customers.retrieveCustomer(lead.customer_id)
        expect(customer).toMatchObject({
          phone: "+79256424290",
          email: "adwcom@gmail.com",
          metadata: { tax_id: "7709745454" },
        })

        const query = getContainer().resolve("query") as any
        const {
          data: [order],
        } = await query.graph({
          entity: "order",
          fields: ["id", "is_draft_order", "status", "sales_channel_id", "customer_id", "items.*"],
          filters: { id: lead.draft_order_id },
        })
        expect(order).toMatchObject({
          is_draft_order: true,
          status: "draft",
          sales_channel_id: seed.salesChannels.web.id,
          customer_id: customer.id,
        })
        const banner = order.items.find((i: any) => i.title === "Ролап 123 22 22")
        expect(banner).toMatchObject({ quantity: 2, unit_price: 500 })
        expect(banner.metadata.intake_extra_works).toEqual([
          { kind: "Люверсы", quantity: 2, description: "шаг 30см" },
          { kind: "Проклейка", quantity: 2, description: "проклейка да" },
          { kind: "Карманы", quantity: 2, description: "везде" },
        ])
        expect(order.items.find((i: any) => i.title === "Доставка").metadata.intake_service).toBe(true)

        const rows = await waitFor("lead messages", async () => {
          const list = await messaging().listMessagingMessages({ event_name: "messaging.lead.created" })
          return list.length >= 2 && list
        })
        const mail = rows.find((r: any) => r.channel === "email")
        expect(mail).toMatchObject({ audience: "staff", recipient: "sales@shop.test" })
        expect(mail.subject).toBe("[Test Shop] New lead: Прилепский Алексей Анатольевич")
        expect(mail.body).toContain("Source: Website (bearer)")
        expect(mail.body).toContain("Tax id: 7709745454")
        const sms = rows.find((r: any) => r.audience === "admin")
        expect(sms.recipient).toBe(ADMIN_PHONE)
        expect(sms.body).toContain("New lead (Website (bearer)): Прилепский Алексей Анатольевич, +79256424290")
      })

      it("finds the counterparty by tax id, then phone, then e-mail; matches lines to variants by SKU", async () => {
        const collector = await httpCollector()
        const send = async (payload: unknown) => {
          const res = await postLead(api, collector.id, Buffer.from(JSON.stringify(payload)), { bearer: SECRET })
          expect(res.status).toBe(201)
          return (await get(`/admin/messaging/intake/leads/${res.data.lead_id}`)).data.lead
        }
        const first = await send({ tax_id: "7709745454", phone: "+7 925 000 00 01" })
        const byTax = await send({ ИНН: "7709745454", email: "other@example.com" })
        const byPhone = await send({ phone: "+79250000001" })
        const byEmail = await send({ email: "OTHER@example.com" })
        expect(first.customer_id).toBeTruthy()
        expect([byTax.customer_id, byPhone.customer_id]).toEqual([first.customer_id, first.customer_id])
        expect(byEmail.customer_id).not.toBe(first.customer_id)
        expect(first.draft_order_id).toBeNull()

        const sku = seed.variants[0].sku!
        const withSku = await send({
          phone: "+380671112233",
          items: [
            { name: "Shirt", sku, quantity: 3, price: 20 },
            { name: "Custom", quantity: 1, price: 5 },
          ],
        })
        const query = getContainer().resolve("query") as any
        const {
          data: [order],
        } = await query.graph({ entity: "order", fields: ["items.*"], filters: { id: withSku.draft_order_id } })
        expect(order.items.find((i: any) => i.quantity === 3)).toMatchObject({
          variant_id: seed.variants[0].id,
          unit_price: 20,
        })
        expect(order.items.find((i: any) => i.title === "Custom")).toMatchObject({ variant_id: null, unit_price: 5 })
      })

      it("HMAC of the body: a right signature is accepted, a wrong one or a bearer is not", async () => {
        const collector = await httpCollector("hmac")
        const body = Buffer.from(JSON.stringify({ phone: "+380671234000" }))
        expect((await postLead(api, collector.id, body, { hmac: SECRET })).status).toBe(201)
        expect((await postLead(api, collector.id, body, { hmac: "wrong-secret-0123456789" })).status).toBe(401)
        expect((await postLead(api, collector.id, body, { bearer: SECRET })).status).toBe(401)
        expect((await postLead(api, "icol_unknown", body, { bearer: SECRET })).status).toBe(401)
      })

      it("answers 400 naming every bad field, and stores nothing", async () => {
        const collector = await httpCollector()
        const bad = {
          Телефон: "+7 925 642 42-90",
          Дата: "2019/05/29",
          АдресЭлектроннойПочты: "nope",
          Товары: [{ Номенклатура: "Ролап", Количество: -2 }],
        }
        const res = await postLead(api, collector.id, toCp1251(JSON.stringify(bad)), {
          bearer: SECRET,
          charset: "windows-1251",
        })
        expect(res.status).toBe(400)
        expect(res.data.errors.map((e: any) => e.field)).toEqual(["date", "email", "items[0].quantity"])
        const malformed = await postLead(api, collector.id, Buffer.from('{"phone": '), { bearer: SECRET })
        expect(malformed.status).toBe(400)
        expect(malformed.data.errors[0].message).toMatch(/malformed JSON/)
        const notObject = await postLead(api, collector.id, Buffer.from("[1]"), { bearer: SECRET })
        expect(notObject.data.errors).toEqual([{ field: "$", message: "expected a JSON object, got an array" }])
        const wrongCharset = await postLead(api, collector.id, toCp1251('{"Телефон": "1234567"}'), { bearer: SECRET })
        expect(wrongCharset.data.errors[0].message).toMatch(/invalid UTF-8/)
        const huge = await postLead(api, collector.id, Buffer.alloc(2 * 1024 * 1024, 32), { bearer: SECRET })
        expect(huge.status).toBe(413)
        expect((await intake().listIntakeLeads({ collector_id: collector.id })).length).toBe(0)
      })
    })

    describeWithDovecot("mailbox collector (dovecot)", () => {
      let imap: Dovecot
      const ALERT = "owner@shop.test"
      beforeEach(async () => {
        imap = await startDovecot()
      })
      afterEach(async () => imap?.stop())
      const mailboxCollector = (over: Record<string, unknown> = {}) =>
        createCollector({
          name: "Orders mailbox",
          type: "mailbox",
          sales_channel_id: seed.salesChannels.web.id,
          assignee_group: "sales",
          config: { host: imap.host, port: imap.port, tls: false, user: imap.user, alert_email: ALERT, ...over },
          secrets: { password: imap.password },
        })
      // the plugin's build, as the host loaded it (one copy of the workflows in the process)
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the build exists only after `npm run build`
      const runners = () => require("../../.medusa/server/src/workflows/intake/mailbox/run-collectors")
      const run = () => runners().runMailboxCollectors(getContainer())
      const txt = (content: Buffer, filename = "order.txt") => ({ filename, content })
      const leadsOf = async (collectorId: string) =>
        (await get("/admin/messaging/intake/leads", { collector_id: collectorId, limit: 200 })).data.leads

      it("imports the seed's sample (Windows-1251), partial and faulty mails, each one lead; skips other subjects; never twice", async () => {
        const collector = await mailboxCollector({ max_bytes: 4096 })
        const seedMail = await leadMail({
          subject: "ORDER: 123",
          messageId: "<seed-123@website.test>",
          attachments: [txt(toCp1251(SEED_PAYLOAD_TEXT), "заявка.txt")],
        })
        const bom = Buffer.concat([
          Buffer.from([0xef, 0xbb, 0xbf]),
          Buffer.from(JSON.stringify({ Телефон: "+380671110001", Тема: "Перезвоните" })),
        ])
        const mails = [
          seedMail,
          await leadMail({ subject: "Re: ORDER 7", attachments: [txt(bom, "lead.json")] }),
          await leadMail({ subject: "ORDER: 8", attachments: [txt(toCp1251('{"Телефон": "+7 925'))] }),
          await leadMail({ subject: "ORDER: 9", attachments: [txt(toCp1251("[1, 2]"))] }),
          await leadMail({
            subject: "ORDER: 10",
            attachments: [
              txt(toCp1251('{"Телефон":"1234567"}'), "a.txt"),
              txt(toCp1251('{"Телефон":"7654321"}'), "b.txt"),
            ],
          }),
          await leadMail({
            subject: "ORDER: 11",
            attachments: [txt(toCp1251(JSON.stringify({ Телефон: "1234567", Описание: "x".repeat(5000) })))],
          }),
          await leadMail({
            subject: "ORDER: 12",
            attachments: [
              txt(
                Buffer.concat([
                  toCp1251('{"Тема": "Заказ", '),
                  Buffer.from('"КонтактноеЛицо": "Прилепский Алексей", "Телефон": "1234567"}'),
                ])
              ),
            ],
          }),
          await leadMail({
            subject: "ORDER: 13",
            attachments: [
              txt(
                toCp1251(
                  JSON.stringify({ Телефон: "1234567", Дата: "May 5", Товары: [{ Номенклатура: "A", Количество: -1 }] })
                )
              ),
            ],
          }),
          await leadMail({ subject: "ORDER: 14" }),
          await leadMail({ subject: "Newsletter", attachments: [txt(Buffer.from('{"phone":"1234567"}'))] }),
        ]
        await appendMails(imap, mails)
        const [first] = await run()
        expect(first).toMatchObject({
          ok: true,
          result: { new_mail: 10, imported: 9, skipped: 1, failed: 0, with_errors: 7 },
        })

        const leads = await leadsOf(collector.id)
        expect(leads).toHaveLength(9)
        const bySubjectPhone = (phone: string) => leads.filter((l: any) => l.phone === phone)
        const seedLead = leads.find((l: any) => l.tax_id === "7709745454")
        expect(seedLead).toMatchObject({
          source: "mailbox",
          encoding: "windows-1251",
          parse_errors: null,
          contact_person: "Прилепский Алексей Анатольевич",
        })
        expect(seedLead.draft_order_id).toMatch(/^order_/)
        expect(bySubjectPhone("+380671110001")[0]).toMatchObject({
          encoding: "utf-8-bom",
          parse_errors: null,
          draft_order_id: null,
        })
        const errorsOf = (l: any) => (l.parse_errors ?? []).map((e: any) => `${e.field}: ${e.message}`).join("; ")
        const all = leads.map(errorsOf).filter(Boolean).sort()
        expect(all).toEqual(
          [
            expect.stringMatching(/^\$: malformed JSON/),
            "$: expected a JSON object, got an array",
            expect.stringMatching(/^attachment: 2 text attachments \(a.txt, b.txt\)/),
            expect.stringMatching(/^attachment: attachment order.txt is \d+ bytes, over the limit of 4096/),
            expect.stringMatching(/^attachment: mixed encodings/),
            "date: expected DD.MM.YYYY HH:MM:SS; items[0].quantity: must be 0 or more",
            "attachment: the mail has no attachment",
          ].sort()
        )
        const full = (
          await get(
            `/admin/messaging/intake/leads/${leads.find((l: any) => errorsOf(l).startsWith("$: malformed"))!.id}`
          )
        ).data.lead
        expect(full.raw_payload).toBe('{"Телефон": "+7 925')

        const flags = await mailFlags(imap)
        expect(Object.values(flags).filter((f) => f.includes("$MedusaLead"))).toHaveLength(9)
        expect(Object.values(flags).filter((f) => f.includes("$MedusaSkipped"))).toHaveLength(1)

        // the same mail again (same Message-ID): not imported twice
        await appendMails(imap, [seedMail])
        const [second] = await run()
        expect(second).toMatchObject({ ok: true, result: { new_mail: 1, imported: 0, duplicates: 1 } })
        expect(await leadsOf(collector.id)).toHaveLength(9)
        const stored = (await get(`/admin/messaging/intake/collectors/${collector.id}`)).data.collector
        expect(stored).toMatchObject({
          last_error: null,
          consecutive_failures: 0,
          counts: { leads: 9, with_errors: 7 },
        })
        expect(stored.secrets).toEqual({ password: "••••••••" })
      })

      it("two pollers of one mailbox import every mail once", async () => {
        const collector = await mailboxCollector()
        const mails = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            leadMail({
              attachments: [txt(toCp1251(JSON.stringify({ Телефон: `+38067000${String(i).padStart(4, "0")}` })))],
            })
          )
        )
        await appendMails(imap, mails)
        const { runMailboxCollectors } = runners()
        const runs = await Promise.all([
          runMailboxCollectors(getContainer(), "worker-a"),
          runMailboxCollectors(getContainer(), "worker-b"),
        ])
        const imported = runs.flat().reduce((n: number, r: any) => n + (r.ok ? r.result.imported : 0), 0)
        expect(imported).toBe(40)
        expect(await leadsOf(collector.id)).toHaveLength(40)
        expect(await intake().listIntakeMailReceipts({ collector_id: collector.id })).toHaveLength(40)
      })

      it("a wrong password or a server that is down: the error shows, backoff, one alert per outage, recovery", async () => {
        const collector = await mailboxCollector()
        const test = await post(`/admin/messaging/intake/collectors/${collector.id}/test-connection`, {})
        expect(test.data).toEqual({ ok: true, messages: 0 })
        await post(`/admin/messaging/intake/collectors/${collector.id}`, { secrets: { password: "wrong-password" } })
        const bad = await post(`/admin/messaging/intake/collectors/${collector.id}/test-connection`, {})
        expect(bad.data.ok).toBe(false)
        expect(bad.text).not.toContain("wrong-password")

        const [failed] = await run()
        expect(failed.ok).toBe(false)
        let stored = await intake().retrieveIntakeCollector(collector.id)
        expect(stored.last_error).toMatch(/login refused/)
        expect(stored.last_error).not.toContain("wrong-password")
        expect(stored.consecutive_failures).toBe(1)
        expect(new Date(stored.next_run_at).getTime()).toBeGreaterThan(Date.now() + 50_000)
        expect((await run())[0]).toMatchObject({ ok: null, skipped: "backoff" })

        // still down, now unreachable: counted, backed off longer, no second alert
        await imap.pause()
        await intake().updateIntakeCollectors({ id: collector.id, next_run_at: null })
        expect((await run())[0].ok).toBe(false)
        stored = await intake().retrieveIntakeCollector(collector.id)
        expect(stored.consecutive_failures).toBe(2)
        expect(new Date(stored.next_run_at).getTime()).toBeGreaterThan(Date.now() + 110_000)
        const alerts = await messaging().listMessagingMessages({ recipient: ALERT, channel: "email" })
        expect(alerts).toHaveLength(1)
        expect(alerts[0].subject).toBe('Intake: mailbox "Orders mailbox" cannot be read')

        await imap.resume()
        await appendMails(imap, [await leadMail({ attachments: [txt(toCp1251('{"Телефон":"+380671119999"}'))] })])
        await post(`/admin/messaging/intake/collectors/${collector.id}`, { secrets: { password: imap.password } })
        await intake().updateIntakeCollectors({ id: collector.id, next_run_at: null })
        expect((await run())[0]).toMatchObject({ ok: true, result: { imported: 1 } })
        stored = await intake().retrieveIntakeCollector(collector.id)
        expect(stored).toMatchObject({ last_error: null, consecutive_failures: 0, down_since: null, alerted_at: null })
      })
    })

    describe("leads in the admin", () => {
      it("lists with filters; assign, take in work, reject; convert turns the draft order into an order", async () => {
        const collector = await httpCollector()
        const ids: string[] = []
        for (const payload of [SEED_PAYLOAD, { phone: "+380671230001", Тема: "Перезвоните" }]) {
          const res = await postLead(api, collector.id, Buffer.from(JSON.stringify(payload)), { bearer: SECRET })
          ids.push(res.data.lead_id)
        }
        const all = await get("/admin/messaging/intake/leads", { collector_id: collector.id })
        expect(all.data.count).toBe(2)
        expect(all.data.leads[0]).not.toHaveProperty("raw_payload")
        expect(
          (await get("/admin/messaging/intake/leads", { q: "Перезвон" })).data.leads.map((l: any) => l.id)
        ).toEqual([ids[1]])

        const taken = await post(`/admin/messaging/intake/leads/${ids[1]}`, {
          status: "in_progress",
          assignee_user_id: "user_1",
        })
        expect(taken.data.lead).toMatchObject({ status: "in_progress", assignee_user_id: "user_1" })
        const rejected = await post(`/admin/messaging/intake/leads/${ids[1]}/reject`, { reason: "spam" })
        expect(rejected.data.lead).toMatchObject({ status: "rejected", reject_reason: "spam" })
        expect((await post(`/admin/messaging/intake/leads/${ids[1]}/convert`, {})).status).toBe(400)

        const converted = await post(`/admin/messaging/intake/leads/${ids[0]}/convert`, {})
        expect(converted.status).toBe(200)
        expect(converted.data.lead.status).toBe("converted")
        const query = getContainer().resolve("query") as any
        const {
          data: [order],
        } = await query.graph({
          entity: "order",
          fields: ["id", "is_draft_order", "status"],
          filters: { id: converted.data.lead.draft_order_id },
        })
        expect(order).toMatchObject({ is_draft_order: false, status: "pending" })
      })
    })
  },
})
