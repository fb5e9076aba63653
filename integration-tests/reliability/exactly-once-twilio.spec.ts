/**
 * Exactly once, honestly, for a provider that cannot be asked by reference (the fake
 * Twilio): real `medusa exec` worker processes (reliability-worker.ts), real Postgres.
 *
 *  1. The provider trickles its answers a byte at a time: every request ends at its hard
 *     deadline, every message is held as `unknown` (unknown_outcome "hold"), none is sent
 *     twice.
 *  2. `kill -9` of the worker while requests are at the provider, then a restarted worker:
 *     what the dead worker may have sent is held as `unknown` once its lease runs out,
 *     the rest is sent — one request per message.
 *  3. Postgres restarted mid-round: the worker keeps going; every message ends `sent` or
 *     `unknown`, one request per message, none left queued or sending.
 *
 * "One request per message" is counted at the fake: POSTs to Messages.json per `To`.
 */
import { type FakeTwilio, startFakeTwilio } from "../../test/fakes"
import { type RestartablePostgres, startRestartablePostgres } from "../../test/support/postgres-restartable"
import { waitFor } from "../../test/support/wait"
import {
  type Child,
  assertRunning,
  cloneShopDatabase,
  createDatabase,
  dropDatabase,
  mainPg,
  query,
  runMedusa,
  secretLeaks,
  spawnMedusa,
  stopAllChildren,
  waitExit,
  waitForPluginBuild,
} from "./harness"

jest.setTimeout(420_000)

const SID = "AC0000000000000000000000000000beef"
const TOKEN = "twilio-exactly-once-token-9f8e7d6c"
const STUCK_AFTER_MS = 6000
const TIMEOUT_MS = 1500
let twilio: FakeTwilio

const options = () => ({
  allowed_hosts: ["127.0.0.1"],
  accounts: [
    {
      key: "twilio",
      type: "twilio",
      base_url: twilio.url,
      credentials: { account_sid: SID, auth_token: TOKEN },
      config: { from: "+15005550006", rate_per_second: 1000, concurrency: 4, timeout_ms: TIMEOUT_MS },
    },
  ],
  defaults: { default_region: "UA" },
  dispatch: {
    dispatch_on_enqueue: false,
    batch_size: 200,
    retry_base_ms: 100,
    max_retry_delay_ms: 1000,
    stuck_after_ms: STUCK_AFTER_MS,
  },
})

function worker(name: string, dbUrl: string, count: number, prefix: string): Child {
  return spawnMedusa(name, ["exec", "./src/scripts/reliability-worker.ts"], {
    DATABASE_URL: dbUrl,
    MEDUSA_WORKER_MODE: "worker",
    MESSAGING_PLUGIN_OPTIONS: JSON.stringify(options()),
    ENQUEUE_COUNT: String(count),
    ENQUEUE_PREFIX: prefix,
    WORKER_MAX_MS: "240000",
  })
}

const sends = () => twilio.requests.filter((r) => r.method === "POST" && r.path.endsWith("/Messages.json"))
/** `To` numbers the fake got more than one request for. */
const twice = () => {
  const n = new Map<string, number>()
  for (const r of sends()) n.set(r.body?.To, (n.get(r.body?.To) ?? 0) + 1)
  return [...n.entries()].filter(([, c]) => c > 1)
}
const statusCounts = async (dbUrl: string) =>
  Object.fromEntries(
    (
      await query<{ status: string; n: number }>(
        dbUrl,
        `SELECT status, count(*)::int AS n FROM messaging_message GROUP BY status`
      )
    ).map((r) => [r.status, r.n])
  ) as Record<string, number>
/** E.164 of each message, as Twilio gets it. */
const toOf = async (dbUrl: string) =>
  new Map(
    (await query<{ id: string; recipient: string }>(dbUrl, `SELECT id, recipient FROM messaging_message`)).map((r) => [
      r.id,
      r.recipient,
    ])
  )

beforeAll(async () => {
  await waitForPluginBuild()
  twilio = await startFakeTwilio({ accountSid: SID, authToken: TOKEN, balance: 1e9, trickleMs: 250 })
})

afterAll(async () => {
  await stopAllChildren()
  await twilio?.close()
})

beforeEach(() => twilio.reset())

describe("a provider that cannot be asked by reference (Twilio)", () => {
  it("answers trickled past the deadline: every message held as unknown after exactly one request", async () => {
    const DB = "messaging_rel_twilio_trickle"
    const TOTAL = 60
    const { url } = await cloneShopDatabase(DB)
    try {
      await twilio.setMode("trickle")
      const w = worker("trickle-worker", url, TOTAL, "trickle")
      const code = await waitExit(w, 240_000)
      if (code !== 0) throw new Error(`the worker failed (${code}):\n${w.tail(60)}`)
      expect(await statusCounts(url)).toEqual({ unknown: TOTAL })
      expect(sends()).toHaveLength(TOTAL)
      expect(twice()).toEqual([])
      expect(twilio.messages.size).toBe(TOTAL) // the provider took every one: a resend would have doubled them
      const [{ n }] = await query<{ n: number }>(
        url,
        `SELECT count(*)::int AS n FROM messaging_message WHERE error_code = 'unknown_outcome' AND error LIKE '%deadline%'`
      )
      expect(n).toBe(TOTAL)
      expect(secretLeaks(w.output(), { twilio: TOKEN }, { basic: `${SID}:${TOKEN}` })).toEqual([])
    } finally {
      await twilio.setMode("ok")
      await dropDatabase(mainPg(), DB).catch(() => undefined)
    }
  })

  it("kill -9 mid-request, restart: what may be at the provider is held, the rest is sent, one request per message", async () => {
    const DB = "messaging_rel_twilio_crash"
    const TOTAL = 1500
    const { url } = await cloneShopDatabase(DB)
    try {
      twilio.latencyMs = 400
      const first = worker("crash-worker-1", url, TOTAL, "crash")
      const inFlight = () => sends().length - twilio.messages.size
      await waitFor(
        "worker 1 to be mid-flight",
        async () => {
          assertRunning(first)
          if (twilio.messages.size < 300 || inFlight() <= 0) return false
          return ((await statusCounts(url)).sending ?? 0) > 0 && inFlight() > 0
        },
        180_000,
        20
      )
      first.kill("SIGKILL")
      expect(await first.exited).toBe("SIGKILL")
      const stuck = await query<{ id: string; maybe_accepted: boolean }>(
        url,
        `SELECT id, maybe_accepted FROM messaging_message WHERE status = 'sending'`
      )
      expect(stuck.length).toBeGreaterThan(0)
      await waitFor("the provider to finish the dead worker's requests", () => inFlight() === 0, 20_000, 20)
      const to = await toOf(url)
      const atProvider = new Set([...twilio.messages.values()].map((m) => m.to))
      const acceptedButUnanswered = stuck.filter((r) => atProvider.has(to.get(r.id)!))
      expect(acceptedButUnanswered.length).toBeGreaterThan(0) // the scenario is real
      // every one of them was flagged before its request went out
      expect(acceptedButUnanswered.filter((r) => !r.maybe_accepted)).toEqual([])

      twilio.latencyMs = 10
      const second = worker("crash-worker-2", url, TOTAL, "crash")
      const code = await waitExit(second, 240_000)
      if (code !== 0) throw new Error(`worker 2 failed (${code}):\n${second.tail(60)}`)
      expect(second.output()).toContain("ENQUEUED 0")

      const counts = await statusCounts(url)
      expect((counts.sent ?? 0) + (counts.unknown ?? 0)).toBe(TOTAL)
      expect(twice()).toEqual([])
      expect(sends().length).toBe(twilio.messages.size)
      expect(sends().length).toBeLessThanOrEqual(TOTAL)
      // held: exactly the rows whose request may have gone out when the worker died
      const unknown = (await query<{ id: string }>(url, `SELECT id FROM messaging_message WHERE status = 'unknown'`))
        .map((r) => r.id)
        .sort()
      expect(unknown).toEqual(
        stuck
          .filter((r) => r.maybe_accepted)
          .map((r) => r.id)
          .sort()
      )
      // everything sent points at the provider's message for its number
      const rows = await query<{ recipient: string; provider_message_id: string }>(
        url,
        `SELECT recipient, provider_message_id FROM messaging_message WHERE status = 'sent'`
      )
      expect(rows.filter((r) => twilio.messages.get(r.provider_message_id)?.to !== r.recipient)).toEqual([])
    } finally {
      twilio.latencyMs = 0
      await dropDatabase(mainPg(), DB).catch(() => undefined)
    }
  })

  it("Postgres restarted mid-round: every message ends sent or unknown, one request per message", async () => {
    const TOTAL = 1500
    const pgLog: string[] = []
    const pg: RestartablePostgres = await startRestartablePostgres({ log: (l) => pgLog.push(l) })
    try {
      const url = await createDatabase(pg, "messaging_rel_twilio_pg")
      await runMedusa("db:migrate", ["db:migrate"], { DATABASE_URL: url, MESSAGING_PLUGIN_OPTIONS: "{}" }, 240_000)
      twilio.latencyMs = 100
      const w = worker("pg-worker", url, TOTAL, "pg")
      await waitFor(
        "the worker to be mid-dispatch",
        () => (assertRunning(w), twilio.messages.size >= 300 && sends().length > twilio.messages.size),
        180_000,
        20
      )
      const before = twilio.messages.size
      await pg.restart(3000)
      expect(w.exitCode).toBeNull()
      const code = await waitExit(w, 300_000)
      if (code !== 0) throw new Error(`the worker failed (${code}):\n${w.tail(60)}`)
      expect(before).toBeLessThan(TOTAL)
      const counts = await statusCounts(url)
      expect((counts.sent ?? 0) + (counts.unknown ?? 0)).toBe(TOTAL)
      expect(twice()).toEqual([])
      expect(twilio.messages.size).toBe(sends().length)
    } finally {
      twilio.latencyMs = 0
      await pg.destroy()
    }
  })
})
