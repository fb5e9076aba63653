import { messagingModuleRunner } from "./support/messaging-module"
import { applyStatusReports } from "../../src/modules/messaging/repositories/reports"
import { zoneWhereHourIs } from "../../test/support/time-zones"

jest.setTimeout(120_000)

messagingModuleRunner({
  testSuite: ({ service }) => {
    describe("outbox idempotency", () => {
      it("rejects a second message with the same idempotency key at the database", async () => {
        await service.createMessagingMessages({
          channel: "sms",
          recipient: "+380671234567",
          body: "one",
          idempotency_key: "order.placed:ord_1:BW_X:+380671234567:sms",
        })
        await expect(
          service.createMessagingMessages({
            channel: "sms",
            recipient: "+380671234567",
            body: "two",
            idempotency_key: "order.placed:ord_1:BW_X:+380671234567:sms",
          })
        ).rejects.toThrow()
        const rows = await service.listMessagingMessages({
          idempotency_key: "order.placed:ord_1:BW_X:+380671234567:sms",
        })
        expect(rows).toHaveLength(1)
        expect(rows[0].body).toBe("one")
      })

      it("enqueueMessages writes a duplicate key once and reports only what it created", async () => {
        const msg = { channel: "sms" as const, recipient: "+380671234567", body: "hi", idempotency_key: "k-1" }
        const first = await service.enqueueMessages([msg, { ...msg, idempotency_key: "k-2" }])
        const second = await service.enqueueMessages([msg, msg, { ...msg, idempotency_key: "k-2" }])
        expect(first.map((m) => m.idempotency_key).sort()).toEqual(["k-1", "k-2"])
        expect(second).toEqual([])
        expect(await service.listMessagingMessages({ idempotency_key: ["k-1", "k-2"] })).toHaveLength(2)
        // the first status is on the timeline
        const events = await service.listMessagingMessageEvents({ message_id: first[0].id })
        expect(events.map((e) => e.status)).toEqual(["queued"])
      })

      it("a notification handed over twice (a retry) writes one message and returns its id both times", async () => {
        await service.ensureInstalled()
        const input = {
          notification_id: "noti_retry_1",
          channel: "sms" as const,
          to: "+380671234567",
          text: "Your parcel is on its way",
          subject: null,
          template: null,
          data: {},
          receiver_id: null,
        }
        const first = await service.enqueueNotification(input)
        const second = await service.enqueueNotification(input)
        expect(first.created).toBe(true)
        expect(second).toEqual({ id: first.id, created: false })
        const rows = await service.listMessagingMessages({ event_name: "notification" })
        expect(rows.map((r) => [r.id, r.body])).toEqual([[first.id, "Your parcel is on its way"]])
      })

      it("a notification without text renders the messaging template of its code with its data", async () => {
        await service.ensureInstalled()
        await service.createMessagingTemplates({
          code: "NOTE_TEST",
          event_name: "manual",
          channel: "sms",
          audience: "customer",
          locale: "en",
          body: "Hi {{ name }}",
        })
        const { id } = await service.enqueueNotification({
          notification_id: "noti_tpl_1",
          channel: "sms",
          to: "+380671234567",
          text: null,
          subject: null,
          template: "NOTE_TEST",
          data: { name: "Olena" },
          receiver_id: null,
        })
        const [row] = await service.listMessagingMessages({ id })
        expect(row.body).toBe("Hi Olena")
        await expect(
          service.enqueueNotification({
            notification_id: "noti_tpl_2",
            channel: "sms",
            to: "+380671234567",
            text: null,
            subject: null,
            template: "NO_SUCH",
            data: {},
            receiver_id: null,
          })
        ).rejects.toThrow(/not a messaging template/)
      })

      it("messages without a key are never deduplicated", async () => {
        const msg = { channel: "sms" as const, recipient: "+380671234567", body: "hi" }
        const created = await service.enqueueMessages([msg, msg])
        expect(created).toHaveLength(2)
      })
    })

    describe("claiming", () => {
      it("claims due messages once, marks them sending and counts the attempt", async () => {
        const now = new Date()
        await service.enqueueMessages([
          { channel: "sms", recipient: "+1", body: "due" },
          { channel: "sms", recipient: "+2", body: "later", next_attempt_at: new Date(now.getTime() + 60_000) },
          {
            channel: "sms",
            recipient: "+3",
            body: "deferred due",
            status: "deferred",
            next_attempt_at: new Date(now.getTime() - 1000),
          },
        ])
        const [a, b] = await Promise.all([
          service.claimDueMessages({ limit: 10, workerId: "w1" }),
          service.claimDueMessages({ limit: 10, workerId: "w2" }),
        ])
        const claimed = [...a, ...b]
        expect(claimed.map((m) => m.body).sort()).toEqual(["deferred due", "due"])
        expect(new Set(claimed.map((m) => m.id)).size).toBe(2)
        for (const m of claimed) {
          expect(m.status).toBe("sending")
          expect(m.attempts).toBe(1)
        }
        expect(await service.claimDueMessages({ limit: 10, workerId: "w1" })).toEqual([])
      })

      it("recovers a dead worker's messages once their lease ran out, never a live claim however old", async () => {
        await service.enqueueMessages([
          { channel: "sms", recipient: "+1", body: "x" },
          { channel: "sms", recipient: "+2", body: "y" },
        ])
        const [live] = await service.claimDueMessages({ limit: 1, workerId: "alive", leaseMs: 60_000 })
        const [dead] = await service.claimDueMessages({ limit: 1, workerId: "dead", leaseMs: 1 })
        await new Promise((r) => setTimeout(r, 20))
        // both were claimed more than 10 ms ago; only the expired lease counts
        const recovered = await service.recoverStuckMessages(10)
        expect(recovered.map((r) => r.id)).toEqual([dead.id])
        expect(recovered[0].status).toBe("queued")
        // its request never went out (nothing marked it): no lookup needed, no outcome to doubt
        expect(recovered[0].maybe_accepted).toBe(false)
        expect(live.id).not.toBe(dead.id)
      })
    })

    describe("quiet hours", () => {
      it("a message created at 23:30 site time with a 21:00–09:00 window is deferred and released at 09:00", async () => {
        await service.ensureInstalled()
        const [site] = await service.listMessagingSites({ sales_channel_id: null })
        await service.updateMessagingSites({
          id: site.id,
          time_zone: "Europe/Kyiv",
          quiet_hours_enabled: true,
          quiet_hours_start: "21:00",
          quiet_hours_end: "09:00",
          default_region: "UA",
        })
        // 2026-01-15 23:30 in Kyiv (UTC+2) = 21:30 UTC; the window opens at 09:00 Kyiv = 07:00 UTC
        const created = new Date("2026-01-15T21:30:00Z")
        const { prepareMessage } = await import("../../src/modules/messaging/pipeline/prepare")
        const { loadSite } = await import("../../src/modules/messaging/repositories/outbound")
        const loaded = await service.withKnex((knex: any) => loadSite(knex, null))
        const row = prepareMessage({
          site: loaded!,
          channel: "sms",
          recipient: "067 123 45 67",
          body: "Your order shipped",
          now: created,
        })
        expect(row.status).toBe("deferred")
        expect(row.next_attempt_at).toEqual(new Date("2026-01-16T07:00:00Z"))
        const [stored] = await service.enqueueMessages([row])
        expect(stored.status).toBe("deferred")
        // still deferred a minute before the window opens, released at 09:00
        expect(
          await service.claimDueMessages({ limit: 10, workerId: "w", now: new Date("2026-01-16T06:59:00Z") })
        ).toEqual([])
        const claimed = await service.claimDueMessages({
          limit: 10,
          workerId: "w",
          now: new Date("2026-01-16T07:00:00Z"),
        })
        expect(claimed.map((m) => m.id)).toEqual([stored.id])
      })

      it("critical messages ignore quiet hours; an admin can send a deferred one now or cancel it", async () => {
        await service.ensureInstalled()
        const [site] = await service.listMessagingSites({ sales_channel_id: null })
        // a zone where it is midday now: inside 00:00–23:59 whatever the hour the test runs at
        await service.updateMessagingSites({
          id: site.id,
          time_zone: zoneWhereHourIs(12),
          quiet_hours_enabled: true,
          quiet_hours_start: "00:00",
          quiet_hours_end: "23:59",
          default_region: "UA",
        })
        const { created } = await service.enqueueManualMessages({
          channel: "sms",
          recipients: ["0671234567", "0671234568"],
          body: "night",
        })
        expect(created.map((m) => m.status)).toEqual(["deferred", "deferred"])
        const { created: urgent } = await service.enqueueManualMessages({
          channel: "sms",
          recipients: ["0671234569"],
          body: "code 1234",
          critical: true,
        })
        expect(urgent[0].status).toBe("queued")
        expect(await service.releaseMessages([created[0].id])).toEqual([created[0].id])
        const { canceled } = await service.cancelMessages([created[1].id, urgent[0].id])
        expect(canceled).toEqual(expect.arrayContaining([created[1].id, urgent[0].id]))
        const after = await service.listMessagingMessages({ id: created.map((m) => m.id) })
        expect(after.map((m) => m.status).sort()).toEqual(["canceled", "queued"])
      })
    })

    describe("delivery reports in a batch", () => {
      it("one read, one conditional update, one timeline insert: forward moves only, unknown ids ignored, a second report for a message applied after", async () => {
        const base = { channel: "sms" as const, body: "x", status: "sent" as const }
        const [a, b, c, d] = await service.enqueueMessages([
          { ...base, recipient: "+380671234501" },
          { ...base, recipient: "+380671234502" },
          { ...base, recipient: "+380671234503", status: "delivered" as const },
          { ...base, recipient: "+380671234504", provider_message_id: "PM-4" } as any,
        ])
        const knex = await (service as any).knex()
        const at = new Date("2026-11-21T10:00:00Z")
        const outcomes = await applyStatusReports(
          knex,
          [
            { id: a.id, status: "delivered", raw_status: "delivered", occurred_at: at, cost: 0.05, currency: "EUR" },
            { id: b.id, status: "undelivered", raw_status: "expired" },
            { id: c.id, status: "sent", raw_status: "sent" }, // late: never undoes delivered
            { id: "msg_unknown", status: "delivered", raw_status: "delivered" },
            { id: a.id, status: "read", raw_status: "read" }, // second report for a: after the first
            { provider_message_id: "PM-4", status: "delivered", raw_status: "DELIVRD" }, // by the provider's id
          ],
          { source: "poll" }
        )
        expect(outcomes.map((o) => [o.message_id, o.applied, o.status])).toEqual([
          [a.id, true, "delivered"],
          [b.id, true, "undelivered"],
          [c.id, false, "delivered"],
          [null, false, null],
          [a.id, true, "read"],
          [d.id, true, "delivered"],
        ])
        const rows = new Map((await service.listMessagingMessages({ id: [a.id, b.id, c.id] })).map((m) => [m.id, m]))
        expect(rows.get(a.id)).toMatchObject({ status: "read", cost: 0.05, currency: "EUR", delivered_at: at })
        expect(rows.get(b.id)).toMatchObject({ status: "undelivered", error: "provider reported expired" })
        expect(rows.get(c.id)?.status).toBe("delivered")
        for (const m of rows.values()) expect(m.status_checked_at).not.toBeNull()
        const timeline = await service.listMessagingMessageEvents(
          { message_id: [a.id, b.id, c.id], source: "poll" },
          { order: { created_at: "ASC" } }
        )
        expect(timeline.map((e) => [e.message_id, e.status, e.raw_status]).sort()).toEqual(
          [
            [a.id, "delivered", "delivered"],
            [a.id, "read", "read"],
            [b.id, "undelivered", "expired"],
            [c.id, "delivered", "sent"],
          ].sort()
        )
        expect(timeline.find((e) => e.message_id === c.id)?.note).toBe(
          'report "sent" ignored: message is already delivered'
        )
      })
    })

    describe("installation", () => {
      it("installs the global site, settings and BW_ templates, and never overwrites an edit", async () => {
        await service.ensureInstalled()
        const sites = await service.listMessagingSites({ sales_channel_id: null })
        expect(sites).toHaveLength(1)
        const templates = await service.listMessagingTemplates({ code: "BW_ORDER_PLACED_CUSTOMER" })
        expect(templates.map((t) => t.locale).sort()).toEqual(["en", "ru", "uk"])
        const en = templates.find((t) => t.locale === "en")!
        await service.updateMessagingTemplates({ id: en.id, body: "Edited #ORDER_ID#", is_default: false })
        // a second process installing again must not touch the edit
        await (service as any).install_()
        const again = await service.retrieveMessagingTemplate(en.id)
        expect(again.body).toBe("Edited #ORDER_ID#")
        expect(await service.listMessagingTemplates({ code: "BW_ORDER_PLACED_CUSTOMER" })).toHaveLength(3)
      })
    })
  },
})
