/**
 * Providers that fail: outages with failover and recovery, answers lost after the
 * provider accepted, and answers that are not answers (malformed JSON, HTML error pages,
 * empty and 10 MB bodies, HTTP 200 with error codes).
 *
 * The real host (Medusa + the plugin, real Postgres) runs in this process as a "server"
 * (no scheduled jobs, so the test decides when the dispatcher and the maintenance probe
 * run); two fake BSG servers (primary, backup) and an SMTP sink for the alert e-mails
 * listen on 127.0.0.1. Every test ends by checking, across BOTH providers, that each
 * message was accepted exactly once.
 */
import { type FakeBsg, type SmtpSink, startFakeBsg, startSmtpSink } from "../../test/fakes"
import { hostEnv, hostIntegrationTestRunner, prepareHost } from "../../test/support/medusa-host"
import { waitFor } from "../../test/support/wait"
import { bsgRef } from "./harness"

jest.setTimeout(240_000)

const KEYS = { primary: "live_relPrimaryKEY_0a1b2c3d4e", backup: "live_relBackupKEY_5f6a7b8c9d" }
const TIMEOUT_MS = 400
let primary: FakeBsg, backup: FakeBsg, smtp: SmtpSink
const cwd = prepareHost()

beforeAll(async () => {
  primary = await startFakeBsg({ apiKey: KEYS.primary, balance: 1e6 })
  backup = await startFakeBsg({ apiKey: KEYS.backup, balance: 1e6 })
  smtp = await startSmtpSink()
  Object.assign(
    process.env,
    hostEnv(
      {
        alert_email: "owner@shop.test",
        accounts: [
          {
            key: "bsg-primary",
            name: "BSG primary",
            type: "bsg",
            priority: 1,
            base_url: primary.url,
            credentials: { api_key: KEYS.primary },
            config: { sender: "MyShop", timeout_ms: TIMEOUT_MS },
          },
          {
            key: "bsg-backup",
            name: "BSG backup",
            type: "bsg",
            priority: 2,
            base_url: backup.url,
            credentials: { api_key: KEYS.backup },
            config: { sender: "MyShop", timeout_ms: TIMEOUT_MS },
          },
          { key: "mail", type: "smtp", config: { host: "127.0.0.1", port: smtp.port, from: "shop@shop.test" } },
        ],
        defaults: { site_name: "Reliability Shop", default_region: "UA" },
        dispatch: {
          dispatch_on_enqueue: false,
          retry_base_ms: 50,
          max_retry_delay_ms: 200,
          failure_threshold: 2,
          max_attempts: 8,
        },
      },
      // no scheduled jobs in this process: the test runs the dispatcher and the probe itself
      { MEDUSA_WORKER_MODE: "server" }
    )
  )
  delete process.env.REDIS_URL
})
afterAll(async () => {
  await Promise.all([primary?.close(), backup?.close(), smtp?.close()])
})

let phoneSeq = 0
const nextPhone = () => `+38067${String(2_000_000 + phoneSeq++).padStart(7, "0")}`

hostIntegrationTestRunner({
  cwd,
  env: {},
  testSuite: ({ api, getContainer, dbConnection }) => {
    const messaging = () => getContainer().resolve("messaging") as any
    const sql = async (q: string, b: unknown[] = []) => (await dbConnection.raw(q, b)).rows as any[]

    /** Enqueue `n` SMS (one per new phone); returns their ids. */
    const send = async (n: number, tag: string): Promise<string[]> => {
      const { created } = await messaging().enqueueManualMessages({
        channel: "sms",
        recipients: Array.from({ length: n }, nextPhone),
        body: `${tag} message`,
      })
      expect(created.every((m: any) => m.status === "queued")).toBe(true)
      return created.map((m: any) => m.id)
    }
    const rows = (ids: string[]) => sql(`SELECT * FROM messaging_message WHERE id = ANY(?) ORDER BY id`, [ids])
    const timeline = async (id: string) =>
      (await sql(
        `SELECT status, note FROM messaging_message_event WHERE message_id = ? ORDER BY occurred_at, created_at`,
        [id]
      )) as { status: string; note: string | null }[]
    const account = async (key: string) =>
      (await sql(`SELECT * FROM messaging_provider_account WHERE key = ?`, [key]))[0]
    /** Run the dispatcher until `done` holds (retries are due within 200 ms). */
    const settle = (what: string, done: () => Promise<boolean> | boolean, timeoutMs = 60_000) =>
      waitFor(
        what,
        async () => {
          await messaging().dispatchNow()
          return done()
        },
        timeoutMs,
        100
      )
    const allSent = async (ids: string[]) => (await rows(ids)).every((r: any) => r.status === "sent")
    /** How many times the providers, together, accepted each message. */
    const acceptedTimes = (id: string) =>
      (primary.acceptedCountByReference.get(bsgRef(id)) ?? 0) + (backup.acceptedCountByReference.get(bsgRef(id)) ?? 0)
    const expectEachAcceptedOnce = (ids: string[]) =>
      expect(ids.filter((id) => acceptedTimes(id) !== 1).map((id) => `${id}×${acceptedTimes(id)}`)).toEqual([])
    const outageMails = () => smtp.mails.filter((m) => / is down$/.test(m.subject))
    const recoveredMails = () => smtp.mails.filter((m) => / recovered$/.test(m.subject))
    const createRequests = (fake: FakeBsg, id: string) =>
      fake.requests.filter(
        (r) => r.method === "POST" && /\/create$/.test(r.path) && JSON.stringify(r.body).includes(`"${bsgRef(id)}"`)
      ).length

    beforeEach(async () => {
      for (const f of [primary, backup]) {
        f.reset()
        f.latencyMs = 0
        f.originators.clear()
        f.invalidPhones.clear()
      }
      smtp.reset()
      // every test starts with both accounts enabled and healthy, and nothing queued
      await sql(
        `UPDATE messaging_provider_account SET enabled = true, health_status = 'healthy', consecutive_failures = 0, down_since = NULL, last_error = NULL`
      )
      await sql(`UPDATE messaging_general_setting SET max_attempts = 8`)
      await sql(`UPDATE messaging_message SET status = 'canceled' WHERE status IN ('queued', 'deferred')`)
      messaging().invalidateCaches()
    })

    // ───────────────────────── outages ─────────────────────────

    it("primary answers 500s, then times out: the backup takes over, one outage e-mail; recovery brings traffic back to the primary", async () => {
      // Shop traffic keeps coming while the primary degrades.
      await primary.setMode("http500")
      const wave1 = await send(3, "wave1")
      await messaging().dispatchNow()
      const afterFirst = await rows(wave1)
      expect(afterFirst.every((r: any) => r.status === "queued" && /HTTP 500/.test(r.error))).toBe(true)
      expect((await account("bsg-primary")).health_status).toBe("healthy") // one failure, threshold 2

      await primary.setMode("timeout")
      const wave2 = await send(3, "wave2")
      // A batch request that timed out may have reached the primary: its messages wait for
      // the primary to answer (lookup by reference) rather than risk a second SMS through
      // the backup. The rest go through the backup.
      const primaryId = (await account("bsg-primary")).id
      await settle("waves 1 and 2 sent or waiting for the primary", async () =>
        (await rows([...wave1, ...wave2])).every(
          (r: any) =>
            r.status === "sent" || (r.status === "queued" && r.maybe_accepted && r.provider_account_id === primaryId)
        )
      )
      expect((await account("bsg-primary")).health_status).toBe("unhealthy")
      expect((await rows(wave2)).every((r: any) => r.status === "queued")).toBe(true)
      // the timeline says why each attempt failed
      const notes = (await timeline(wave2[0])).map((e) => e.note ?? "").join("\n")
      expect(notes).toMatch(new RegExp(`no (complete )?answer within (the )?${TIMEOUT_MS} ms`))
      expect((await timeline(wave1[0])).map((e) => e.note ?? "").join("\n")).toMatch(/HTTP 500/)

      // while it is down, new messages go straight to the backup; nothing is sent to the
      // primary (it is only asked, by reference, about the messages that may be there)
      const sends = () => primary.requests.filter((r) => r.method !== "GET" && /\/create$/.test(r.path)).length
      const primaryRequests = sends()
      const wave3 = await send(4, "wave3")
      await settle("wave 3 sent", () => allSent(wave3))
      expect(sends()).toBe(primaryRequests)
      for (const id of wave3) expect(backup.acceptedCountByReference.get(bsgRef(id))).toBe(1)

      await settle("the outage e-mail", () => outageMails().length > 0)
      expect(outageMails()).toHaveLength(1)
      expect(outageMails()[0].subject).toContain("BSG primary")
      expect(outageMails()[0].to).toContain("owner@shop.test")

      // recovery: the maintenance probe finds the primary answering again
      await primary.setMode("ok")
      const maintenance = await messaging().runMaintenance()
      expect(maintenance.probed).toBe(1)
      expect((await account("bsg-primary")).health_status).toBe("healthy")
      await settle("waves 1 and 2 resolved", () => allSent([...wave1, ...wave2]))
      await settle("the recovered e-mail", () => recoveredMails().length > 0)
      expect(recoveredMails()).toHaveLength(1)
      const wave4 = await send(2, "wave4")
      await settle("wave 4 sent", () => allSent(wave4))
      for (const id of wave4) expect(primary.acceptedCountByReference.get(bsgRef(id))).toBe(1)

      expectEachAcceptedOnce([...wave1, ...wave2, ...wave3, ...wave4])
      expect(outageMails()).toHaveLength(1)
      expect(recoveredMails()).toHaveLength(1)
      // no secret in the alert e-mails or on the messages
      const dump =
        JSON.stringify(smtp.mails) +
        JSON.stringify(await sql(`SELECT * FROM messaging_message`)) +
        JSON.stringify(await sql(`SELECT * FROM messaging_message_event`))
      for (const key of Object.values(KEYS)) expect(dump).not.toContain(key)
    })

    it("one burst of messages, then the primary fails (500, then timeouts) and nothing else arrives: every message still goes out exactly once, none fails", async () => {
      // (time is compressed: 4 attempts with 50–200 ms backoff stand for hours of retries)
      await sql(`UPDATE messaging_general_setting SET max_attempts = 4`)
      messaging().invalidateCaches()
      await primary.setMode("http500")
      const burst = await send(4, "burst")
      await messaging().dispatchNow()
      await primary.setMode("timeout")
      // The outage lasts longer than the retries of a dispatcher that keeps asking the
      // primary; then the primary comes back.
      for (let i = 0; i < 5; i++) {
        await messaging().dispatchNow()
        await new Promise((r) => setTimeout(r, 250))
      }
      await primary.setMode("ok")
      await messaging().runMaintenance()
      await settle("the burst settled", async () =>
        (await rows(burst)).every((r: any) => !["queued", "sending"].includes(r.status))
      )
      const final = await rows(burst)
      expect(final.filter((r: any) => r.status !== "sent").map((r: any) => `${r.status}: ${r.error}`)).toEqual([])
      expectEachAcceptedOnce(burst)
    })

    // ───────────────────────── answers lost after the provider accepted ─────────────────────────

    it("a timeout after the provider accepted does not produce a second message: the retry finds it by reference", async () => {
      await primary.setMode("accept_then_timeout")
      const ids = await send(3, "lost-answer")
      await messaging().dispatchNow()
      const pending = await rows(ids)
      expect(pending.every((r: any) => r.status === "queued" && r.maybe_accepted === true)).toBe(true)
      for (const id of ids) expect(primary.acceptedCountByReference.get(bsgRef(id))).toBe(1) // it did get them

      await primary.setMode("ok")
      await settle("the lost answers resolved", () => allSent(ids))
      expectEachAcceptedOnce(ids)
      for (const id of ids) expect(createRequests(primary, id)).toBe(1) // found by reference, never sent again
      expect(backup.acceptedCountByReference.size).toBe(0)
      const sentRows = await rows(ids)
      for (const r of sentRows) expect(primary.messages.get(r.provider_message_id)?.reference).toBe(bsgRef(r.id))
    })

    it("answers lost after the primary accepted, until it fails over: no message goes out twice (once at the primary, again at the backup)", async () => {
      await primary.setMode("accept_then_timeout")
      const wave1 = await send(3, "accepted-then-lost-1")
      await messaging().dispatchNow() // failure 1: the primary has them, we do not know it
      const wave2 = await send(3, "accepted-then-lost-2")
      await messaging().dispatchNow() // failure 2: the primary goes down
      expect((await account("bsg-primary")).health_status).toBe("unhealthy")
      const ids = [...wave1, ...wave2]
      for (const id of ids) expect(primary.acceptedCountByReference.get(bsgRef(id))).toBe(1)

      // the outage continues for a while, then the primary comes back
      for (let i = 0; i < 6; i++) {
        await messaging().dispatchNow()
        await new Promise((r) => setTimeout(r, 250))
      }
      await primary.setMode("ok")
      await messaging().runMaintenance()
      await settle("all settled", async () =>
        (await rows(ids)).every((r: any) => !["queued", "sending"].includes(r.status))
      )
      const duplicated = ids.filter((id) => acceptedTimes(id) > 1)
      expect({
        duplicated: duplicated.length,
        acceptedByBackup: ids.filter((id) => backup.acceptedCountByReference.has(bsgRef(id))).length,
      }).toEqual({
        duplicated: 0,
        acceptedByBackup: 0,
      })
      expectEachAcceptedOnce(ids)
      expect((await rows(ids)).map((r: any) => r.status)).toEqual(ids.map(() => "sent"))
    })

    // ───────────────────────── answers that are not answers ─────────────────────────

    const badBodies: Array<[string, "malformed" | "html" | "empty" | "huge", RegExp]> = [
      ["malformed JSON", "malformed", /invalid JSON in response \(HTTP 200\)/],
      ["an HTML error page", "html", /HTML page instead of JSON \(HTTP 200\)/],
      ["an empty body", "empty", /empty response body \(HTTP 200\)/],
      ["a 10 MB body", "huge", /response body larger than 1024 KB/],
    ]

    it.each(badBodies)(
      "%s: a clear error on the message, no crash, retried and sent once the provider is back",
      async (_label, mode, reason) => {
        await sql(`UPDATE messaging_provider_account SET enabled = false WHERE key = 'bsg-backup'`)
        messaging().invalidateCaches()
        await primary.setMode(mode)
        const [id] = await send(1, `bad-${mode}`)
        await messaging().dispatchNow()
        const [row] = await rows([id])
        expect(row.status).toBe("queued")
        expect(row.error).toMatch(reason)
        expect((await timeline(id)).some((e) => reason.test(e.note ?? ""))).toBe(true)
        // the host is still up and serving
        expect((await api.get("/health")).status).toBe(200)

        await primary.setMode("ok")
        await settle("sent after the provider is back", () => allSent([id]))
        expectEachAcceptedOnce([id])
        // the answer could not be read, so the provider was asked about the message before it was sent again
        expect(
          primary.requests.some((r) => r.method === "GET" && r.path.endsWith(`/sms/reference/${bsgRef(id)}`))
        ).toBe(true)
      }
    )

    it("a provider that keeps answering garbage: the message fails after max_attempts with the reason", async () => {
      await sql(`UPDATE messaging_provider_account SET enabled = false WHERE key = 'bsg-backup'`)
      await sql(`UPDATE messaging_general_setting SET max_attempts = 3`)
      messaging().invalidateCaches()
      await primary.setMode("html")
      const [id] = await send(1, "garbage")
      await settle("failed", async () => (await rows([id]))[0].status === "failed")
      const [row] = await rows([id])
      expect(row.attempts).toBe(3)
      expect(row.error).toMatch(/HTML page instead of JSON/)
      expect(row.error).toMatch(/gave up after 3 attempts/)
      expect(primary.acceptedCountByReference.size).toBe(0)
      expect((await api.get("/health")).status).toBe(200)
    })

    it("HTTP 200 with error codes: a rejected number and an unregistered sender fail at once with BSG's reason; 'not enough money' fails over", async () => {
      // per-message error inside result[] (21 Invalid MSISDN)
      const [badPhone] = await send(1, "invalid-msisdn")
      const [row0] = await rows([badPhone])
      primary.invalidPhones.add(row0.recipient.replace(/\D/g, ""))
      await messaging().dispatchNow()
      const [rejected] = await rows([badPhone])
      expect(rejected.status).toBe("failed")
      expect(rejected.error).toMatch(/Invalid MSISDN/)
      expect(rejected.error_code).toBe("21")
      expect(rejected.attempts).toBe(1)

      // whole-request error at the top level (32 Originator not registered), as strings like some BSG versions
      primary.stringErrors = true
      primary.originators.add("OtherName")
      const [badSender] = await send(1, "unregistered-sender")
      await messaging().dispatchNow()
      const [refused] = await rows([badSender])
      expect(refused.status).toBe("failed")
      expect(refused.error).toMatch(/Originator not registered/)
      expect(refused.attempts).toBe(1)
      primary.originators.clear()
      primary.stringErrors = false

      // 8 "Not enough money" (HTTP 200): account-level, the backup takes over at once
      primary.balance = 0
      const broke = await send(2, "no-money")
      await settle("sent via the backup", () => allSent(broke))
      for (const id of broke) expect(backup.acceptedCountByReference.get(bsgRef(id))).toBe(1)
      expect((await account("bsg-primary")).health_status).toBe("unhealthy")
      expect((await timeline(broke[0])).map((e) => e.note ?? "").join("\n")).toMatch(/Not enough money/)
      await settle("the outage e-mail", () => outageMails().length > 0)
      expect(outageMails()[0].text).toMatch(/Not enough money/)
      expectEachAcceptedOnce(broke)
      expect(primary.acceptedCountByReference.size).toBe(0)
    })
  },
})
