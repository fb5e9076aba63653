/**
 * A whole shop run as a real process (`medusa start`, shared mode: HTTP, subscribers and
 * scheduled jobs in one process) against fake providers with known secrets:
 *
 *  1. orders through the Store API while providers fail: BSG answers 500, Twilio times
 *     out, Telegram answers 500 and later recovers, SMTP refuses one recipient — the SMS
 *     fail over to TurboSMS, the alerts go out by e-mail;
 *  2. webhooks: unsigned or wrongly signed Twilio and TurboSMS callbacks get 401 and
 *     change nothing; bodies with SQL and HTML in every field are stored as plain data
 *     (or ignored), never executed, never a 500;
 *  3. then the process's whole stdout/stderr (LOG_LEVEL=debug), the debug log it wrote
 *     (request/response summaries), every message row and timeline entry, and every
 *     webhook answer are searched for each configured secret — plain, URL-encoded and as
 *     an HTTP Basic credential — and none is found.
 */
import { createHash, createHmac } from "node:crypto"
import axios, { type AxiosInstance } from "axios"
import {
  type FakeBsg,
  type FakeTelegram,
  type FakeTurboSms,
  type FakeTwilio,
  type SmtpSink,
  startFakeBsg,
  startFakeTelegram,
  startFakeTurboSms,
  startFakeTwilio,
  startSmtpSink,
} from "../../test/fakes"
import { freePort } from "../../test/support/free-port"
import type { ShopSeed } from "../../test/support/seed-shop"
import { placeOrder } from "../../test/support/storefront"
import { waitFor } from "../../test/support/wait"
import {
  type Child,
  cloneShopDatabase,
  dropDatabase,
  linesWith,
  mainPg,
  query,
  secretLeaks,
  spawnMedusa,
  stopAllChildren,
  waitForPluginBuild,
  waitHealthy,
} from "./harness"

jest.setTimeout(300_000)

const DB = "messaging_rel_host_run"
const SECRETS = {
  bsg_api_key: "live_hostRunBSG_7Kq2Zx9Lm4Pw",
  twilio_auth_token: "twilioHostRunToken_3Fh8Jd2Ks6Lq",
  turbosms_token: "turboHostRunToken_8Nw3Vb6Xc1Zm",
  turbosms_callback_secret: "turboCallbackSecret_5Gt7Yh2Uj9",
  telegram_bot_token: "777000111:AAHostRunTelegramToken_x4Q9",
  smtp_password: "smtpHostRunPass_2Wq8Er5Ty1",
}
const TWILIO_SID = "AC0000000000000000000000000000beef"
const ADMIN_PHONE = "+380501112233"
const STAFF_CHAT = "-1001234567890"

let bsg: FakeBsg, twilio: FakeTwilio, turbo: FakeTurboSms, telegram: FakeTelegram, smtp: SmtpSink
let dbUrl: string
let seed: ShopSeed
let host: Child
let base: string
let api: AxiosInstance
const webhookAnswers: string[] = []
const sql = <T = any>(q: string, params: unknown[] = []) => query<T>(dbUrl, q, params)
const accountId = async (key: string) =>
  (await sql<{ id: string }>(`SELECT id FROM messaging_provider_account WHERE key = $1`, [key]))[0].id

beforeAll(async () => {
  await waitForPluginBuild()
  bsg = await startFakeBsg({ apiKey: SECRETS.bsg_api_key, mode: "http500" })
  twilio = await startFakeTwilio({ accountSid: TWILIO_SID, authToken: SECRETS.twilio_auth_token, mode: "timeout" })
  turbo = await startFakeTurboSms({ token: SECRETS.turbosms_token })
  telegram = await startFakeTelegram({ botToken: SECRETS.telegram_bot_token, mode: "http500" })
  smtp = await startSmtpSink({ user: "mailer", password: SECRETS.smtp_password, rejectRecipients: ["staff@shop.test"] })
  ;({ url: dbUrl, seed } = await cloneShopDatabase(DB))

  // Settings an admin would have made: debug log on (request/response summaries are
  // written), one failure takes an account down; a staff profile with e-mail + Telegram.
  await sql(
    `INSERT INTO messaging_general_setting (id, alert_email, debug_enabled, failure_threshold, max_attempts, created_at, updated_at)
     VALUES ('mgen_default', 'owner@shop.test', true, 1, 8, now(), now())`
  )
  await sql(
    `INSERT INTO messaging_staff_profile (id, name, email, telegram_chat_id, events, created_at, updated_at)
     VALUES ('mstf_rel_host', 'Shop staff', 'staff@shop.test', $1, '{order.placed}', now(), now())`,
    [STAFF_CHAT]
  )

  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  api = axios.create({ baseURL: base, timeout: 60_000 })
  const options = {
    allowed_hosts: ["127.0.0.1"],
    accounts: [
      {
        key: "bsg",
        type: "bsg",
        priority: 1,
        base_url: bsg.url,
        credentials: { api_key: SECRETS.bsg_api_key },
        config: { sender: "MyShop", timeout_ms: 500 },
      },
      // unknown_outcome "resend": this shop prefers a possible second SMS to a held one, so a Twilio that times out fails over
      {
        key: "twilio",
        type: "twilio",
        priority: 2,
        base_url: twilio.url,
        credentials: { account_sid: TWILIO_SID, auth_token: SECRETS.twilio_auth_token },
        config: { from: "+15005550006", timeout_ms: 500, unknown_outcome: "resend" },
      },
      {
        key: "turbosms",
        type: "turbosms",
        priority: 3,
        base_url: turbo.url,
        credentials: { token: SECRETS.turbosms_token, callback_secret: SECRETS.turbosms_callback_secret },
        config: { sender: "MyShop", timeout_ms: 500 },
      },
      {
        key: "telegram",
        type: "telegram",
        base_url: telegram.url,
        credentials: { bot_token: SECRETS.telegram_bot_token },
        config: { timeout_ms: 500 },
      },
      {
        key: "mail",
        type: "smtp",
        credentials: { user: "mailer", password: SECRETS.smtp_password },
        config: { host: "127.0.0.1", port: smtp.port, from: "shop@shop.test" },
      },
    ],
    defaults: { site_name: "Host Run Shop", default_region: "UA", admin_phones: [ADMIN_PHONE], sms_sender: "MyShop" },
    dispatch: { retry_base_ms: 200, max_retry_delay_ms: 1000 },
  }
  host = spawnMedusa("medusa start", ["start"], {
    DATABASE_URL: dbUrl,
    PORT: String(port),
    MEDUSA_WORKER_MODE: "shared",
    LOG_LEVEL: "debug",
    MESSAGING_PLUGIN_OPTIONS: JSON.stringify(options),
  })
  await waitHealthy(port, host)
})

afterAll(async () => {
  await stopAllChildren()
  await Promise.all([bsg?.close(), twilio?.close(), turbo?.close(), telegram?.close(), smtp?.close()])
  await dropDatabase(mainPg(), DB).catch(() => undefined)
})

const orderRows = () =>
  sql<{
    id: string
    channel: string
    audience: string
    recipient: string
    status: string
    provider_type: string | null
    error: string | null
  }>(
    `SELECT id, channel, audience, recipient, status, provider_type, error FROM messaging_message WHERE event_name = 'order.placed' ORDER BY channel, recipient`
  )

it("orders while providers fail: SMS fail over to TurboSMS, Telegram recovers, alerts go out, a refused e-mail fails with the reason", async () => {
  const phones = ["+380671110001", "+380671110002"]
  for (const phone of phones) await placeOrder(api, seed, { phone, email: `${phone.slice(-4)}@buyer.test` })

  // SMS: BSG (500) and Twilio (timeout) go down one after the other; TurboSMS carries them.
  await waitFor(
    "the order SMS sent through TurboSMS",
    async () => {
      const sms = (await orderRows()).filter((r) => r.channel === "sms")
      if (!(sms.length === 4 && sms.every((r) => r.status === "sent" && r.provider_type === "turbosms")))
        throw new Error(JSON.stringify(sms))
      return true
    },
    90_000,
    250
  )
  expect(turbo.messages.size).toBe(4)
  const notes = (await sql<{ note: string }>(`SELECT note FROM messaging_message_event WHERE note IS NOT NULL`))
    .map((r) => r.note)
    .join("\n")
  expect(notes).toMatch(/HTTP 500/)
  expect(notes).toMatch(/no (complete )?answer within (the )?500 ms/)

  // Telegram answered 500 (its only account went down); it comes back and the staff messages go out.
  await waitFor(
    "a failed Telegram attempt",
    async () => (await orderRows()).some((r) => r.channel === "telegram" && /500/.test(r.error ?? "")),
    60_000,
    250
  )
  await telegram.setMode("ok")
  await waitFor(
    "the Telegram messages sent",
    async () => (await orderRows()).filter((r) => r.channel === "telegram" && r.status !== "queued").length === 2,
    90_000,
    250
  )
  expect(telegram.messagesIn(STAFF_CHAT)).toHaveLength(2)

  // The staff mailbox refuses mail: failed with the server's reason. Alerts reach the owner.
  await waitFor(
    "the staff e-mails failed",
    async () => (await orderRows()).filter((r) => r.channel === "email" && r.status === "failed").length === 2,
    90_000,
    250
  )
  expect(
    (await orderRows()).filter((r) => r.channel === "email").every((r) => /550|Mailbox unavailable/.test(r.error ?? ""))
  ).toBe(true)
  await waitFor(
    "outage e-mails for BSG, Twilio and Telegram",
    () => smtp.mails.filter((m) => / is down$/.test(m.subject)).length >= 3,
    90_000,
    250
  )
})

it("webhooks without a valid signature get 401 and change nothing", async () => {
  const twilioId = await accountId("twilio")
  const turboId = await accountId("turbosms")
  const url = (id: string) => `${base}/hooks/messaging/${id}`
  // A message Twilio sent earlier (as the dispatcher would have recorded it).
  await sql(
    `INSERT INTO messaging_message (id, direction, channel, recipient, body, status, attempts, critical, provider_account_id, provider_type, provider_message_id, created_at, updated_at)
     VALUES ('msg_rel_twilio_sent', 'outbound', 'sms', '+380671110003', 'x', 'sent', 1, false, $1, 'twilio', 'SMrelhostrun0001', now(), now())`,
    [twilioId]
  )
  const [turboMsg] = await sql<{ id: string; provider_message_id: string }>(
    `SELECT id, provider_message_id FROM messaging_message WHERE provider_type = 'turbosms' AND status = 'sent' ORDER BY id LIMIT 1`
  )
  const snapshot = async () => ({
    messages: await sql(`SELECT id, status, error, delivered_at FROM messaging_message ORDER BY id`),
    events: (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM messaging_message_event`))[0].n,
    optOuts: await sql(`SELECT phone, channel FROM messaging_opt_out WHERE deleted_at IS NULL ORDER BY phone`),
  })
  const before = await snapshot()

  const post = async (id: string, body: string, headers: Record<string, string>) => {
    const res = await api.post(url(id), body, {
      headers,
      validateStatus: () => true,
      responseType: "text",
      transformResponse: (d) => d,
    })
    webhookAnswers.push(String(res.data))
    return res
  }
  const form = (params: Record<string, string>) => new URLSearchParams(params).toString()
  const twilioStatus = {
    AccountSid: TWILIO_SID,
    MessageSid: "SMrelhostrun0001",
    MessageStatus: "delivered",
    To: "+380671110003",
    From: "+15005550006",
  }
  const twilioInbound = {
    AccountSid: TWILIO_SID,
    MessageSid: "SMrelinbound0001",
    SmsStatus: "received",
    From: "+380671110004",
    To: "+15005550006",
    Body: "STOP",
  }
  const wrongTwilioSig = (u: string, p: Record<string, string>) =>
    createHmac("sha1", "not-the-auth-token")
      .update(
        u +
          Object.keys(p)
            .sort()
            .map((k) => k + p[k])
            .join(""),
        "utf8"
      )
      .digest("base64")
  const formHeaders = { "content-type": "application/x-www-form-urlencoded" }

  // Twilio: status report and inbound STOP, unsigned and signed with the wrong token
  for (const params of [twilioStatus, twilioInbound]) {
    expect((await post(twilioId, form(params), formHeaders)).status).toBe(401)
    expect(
      (
        await post(twilioId, form(params), {
          ...formHeaders,
          "x-twilio-signature": wrongTwilioSig(url(twilioId), params),
        })
      ).status
    ).toBe(401)
    // a valid signature for a different URL is wrong too
    expect(
      (
        await post(twilioId, form(params), {
          ...formHeaders,
          "x-twilio-signature": twilio.sign(`${base}/somewhere/else`, params),
        })
      ).status
    ).toBe(401)
  }
  // TurboSMS: no signature, a signature made with another secret, a valid signature over another id
  const good = turbo.buildCallback(SECRETS.turbosms_callback_secret, turboMsg.provider_message_id, "Delivered")
  const jsonHeaders = { "content-type": "application/json" }
  expect((await post(turboId, JSON.stringify({ ...good, signature: undefined }), jsonHeaders)).status).toBe(401)
  expect(
    (
      await post(
        turboId,
        JSON.stringify({ ...good, signature: createHash("sha1").update(`wrong-secret${good.id}`).digest("hex") }),
        jsonHeaders
      )
    ).status
  ).toBe(401)
  expect((await post(turboId, JSON.stringify({ ...good, id: `${good.id}x` }), jsonHeaders)).status).toBe(401)
  // …and Twilio's signature on a TurboSMS account means nothing
  expect(
    (
      await post(turboId, form(twilioStatus), {
        ...formHeaders,
        "x-twilio-signature": twilio.sign(url(turboId), twilioStatus),
      })
    ).status
  ).toBe(401)

  expect(await snapshot()).toEqual(before)

  // Control: the same callbacks, correctly signed, are applied — so the 401s above were the signature checks.
  // (TurboSMS signs only the id: its "Delivered" is applied as the status lookup confirms it.)
  turbo.setStatus(turboMsg.provider_message_id, "Delivered")
  expect(
    (
      await post(twilioId, form(twilioStatus), {
        ...formHeaders,
        "x-twilio-signature": twilio.sign(url(twilioId), twilioStatus),
      })
    ).status
  ).toBe(200)
  expect((await post(turboId, JSON.stringify(good), jsonHeaders)).status).toBe(200)
  const statuses = await sql<{ id: string; status: string }>(
    `SELECT id, status FROM messaging_message WHERE id = ANY($1) ORDER BY id`,
    [["msg_rel_twilio_sent", turboMsg.id]]
  )
  expect(statuses.map((r) => r.status)).toEqual(["delivered", "delivered"])
})

it("webhook bodies with SQL and HTML in every field are stored as plain data or ignored, never a 500", async () => {
  const twilioId = await accountId("twilio")
  const turboId = await accountId("turbosms")
  const url = (id: string) => `${base}/hooks/messaging/${id}`
  const nasty = [
    `'; DROP TABLE messaging_message; --`,
    `" OR 1=1; DELETE FROM messaging_opt_out WHERE ''='`,
    `<script>alert("x")</script>`,
    `<img src=x onerror=alert(1)>&amp;&lt;`,
    `Robert'); UPDATE messaging_message SET status='failed'; --`,
  ]
  const tableCounts = async () =>
    (
      await sql(
        `SELECT (SELECT count(*)::int FROM messaging_message) AS messages, (SELECT count(*)::int FROM messaging_opt_out) AS opt_outs,
              (SELECT count(*)::int FROM messaging_provider_account) AS accounts, (SELECT count(*) FILTER (WHERE status = 'failed')::int FROM messaging_message) AS failed`
      )
    )[0]
  const before = await tableCounts()
  const post = async (id: string, body: string, headers: Record<string, string>) => {
    const res = await api.post(url(id), body, {
      headers,
      validateStatus: () => true,
      responseType: "text",
      transformResponse: (d) => d,
    })
    webhookAnswers.push(String(res.data))
    return res
  }
  const formHeaders = { "content-type": "application/x-www-form-urlencoded" }

  // Signed status reports whose every field is hostile: nothing matches, nothing changes.
  for (const evil of nasty) {
    const params = {
      AccountSid: evil,
      MessageSid: evil,
      MessageStatus: evil,
      To: evil,
      From: evil,
      ErrorCode: evil,
      ErrorMessage: evil,
    }
    const res = await post(twilioId, new URLSearchParams(params).toString(), {
      ...formHeaders,
      "x-twilio-signature": twilio.sign(url(twilioId), params),
    })
    expect(res.status).toBe(200)
    // unsigned: refused
    expect((await post(twilioId, new URLSearchParams(params).toString(), formHeaders)).status).toBe(401)
  }
  expect(await tableCounts()).toEqual(before)

  // Signed inbound SMS with hostile text: stored verbatim as data.
  const inboundSids: string[] = []
  for (const [i, evil] of nasty.entries()) {
    const sid = `SMrelnasty${i}`
    inboundSids.push(sid)
    const params = {
      AccountSid: TWILIO_SID,
      MessageSid: sid,
      SmsStatus: "received",
      From: "+380671119999",
      To: evil,
      Body: evil,
    }
    expect(
      (
        await post(twilioId, new URLSearchParams(params).toString(), {
          ...formHeaders,
          "x-twilio-signature": twilio.sign(url(twilioId), params),
        })
      ).status
    ).toBe(200)
  }
  const stored = await sql<{ provider_message_id: string; body: string; recipient: string; status: string }>(
    `SELECT provider_message_id, body, recipient, status FROM messaging_message WHERE provider_message_id = ANY($1) ORDER BY provider_message_id`,
    [inboundSids]
  )
  expect(stored.map((r) => [r.provider_message_id, r.body, r.recipient, r.status])).toEqual(
    inboundSids.map((sid, i) => [sid, nasty[i], "+380671119999", "received"])
  )

  // TurboSMS: validly signed callbacks with hostile ids, statuses and data shapes.
  for (const evil of nasty) {
    const id = evil
    const signature = createHash("sha1")
      .update(SECRETS.turbosms_callback_secret + id)
      .digest("hex")
    for (const data of [
      JSON.stringify({ message_id: evil, status: evil, type: evil, updated: evil }),
      evil,
      { message_id: [evil], status: { $ne: null } },
      42,
      null,
    ]) {
      const res = await post(turboId, JSON.stringify({ id, signature, type: evil, date: evil, data }), {
        "content-type": "application/json",
      })
      expect(res.status).toBeLessThan(500)
    }
  }
  // Bodies that are not what the route expects at all.
  for (const [body, type] of [
    ["<html><body>not json</body></html>", "text/html"],
    ["{ this is not json", "application/json"],
    [
      `id=${encodeURIComponent(nasty[0])}&signature=${encodeURIComponent(nasty[2])}`,
      "application/x-www-form-urlencoded",
    ],
    ["[]", "application/json"],
  ]) {
    const res = await post(turboId, body, { "content-type": type })
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
  }
  // An account id that is SQL: not found.
  for (const evil of nasty) {
    const res = await api.post(`/hooks/messaging/${encodeURIComponent(evil)}`, "{}", {
      headers: { "content-type": "application/json" },
      validateStatus: () => true,
    })
    expect([401, 404]).toContain(res.status)
  }

  const after = await tableCounts()
  expect(after).toEqual({ ...before, messages: before.messages + nasty.length })
  // HTML comes back out of the API as data, not markup the server rendered: webhook answers never echo it
  expect(webhookAnswers.some((a) => a.includes("<script>"))).toBe(false)
})

it("no configured secret appears in the process output, the debug log, the messages or the webhook answers", async () => {
  // the debug log got the request/response summaries of the run (flushed every 500 ms)
  await waitFor(
    "debug log entries",
    async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM messaging_debug_log`))[0].n > 0,
    30_000,
    250
  )
  await host.stop(15_000)
  const output = host.output()
  expect(output.length).toBeGreaterThan(1000) // it did log (LOG_LEVEL=debug)

  const basic = {
    twilio: `${TWILIO_SID}:${SECRETS.twilio_auth_token}`,
    smtp: `mailer:${SECRETS.smtp_password}`,
    smtp_plain: `\u0000mailer\u0000${SECRETS.smtp_password}`,
  }
  const leaksIn = (what: string, text: string) =>
    secretLeaks(text, SECRETS, basic).map(
      (hit) => `${what}: ${hit}\n    ${linesWith(text, hit.split(": ").pop()!).join("\n    ")}`
    )

  const dumps: Record<string, string> = {
    "process output": output,
    "debug log": JSON.stringify(await sql(`SELECT * FROM messaging_debug_log`)),
    messages: JSON.stringify(await sql(`SELECT * FROM messaging_message`)),
    timeline: JSON.stringify(await sql(`SELECT * FROM messaging_message_event`)),
    "account errors": JSON.stringify(await sql(`SELECT key, last_error FROM messaging_provider_account`)),
    "alert e-mails": JSON.stringify(smtp.mails.map((m) => ({ subject: m.subject, text: m.text, html: m.html }))),
    "webhook answers": webhookAnswers.join("\n"),
  }
  const leaks = Object.entries(dumps).flatMap(([what, text]) => leaksIn(what, text))
  expect(leaks).toEqual([])
  // the summaries are really there, with the secrets masked
  expect(dumps["debug log"]).toMatch(/\*\*\*\*/)
})
