/**
 * `kill -9` of a worker in the middle of dispatching 5,000 messages, then a restarted
 * worker: every message reaches the provider exactly once, none is left `sending`.
 *
 * Real processes (`medusa exec ./src/scripts/reliability-worker.ts` of the test host),
 * real Postgres, the fake BSG server answering after 250 ms so that requests are in
 * flight when the worker dies. Claims are leased (`stuck_after_ms`, renewed while a round
 * holds them): the dead worker's rows come back when its leases run out, and the
 * restarted worker's own rounds — which under load outlive the lease length — are never
 * taken for a dead worker's (they renew theirs). Run it in a loop under CPU load with
 * scripts/reliability-loop.sh. The fake is told NOT to enforce unique references (real
 * BSG does): a second send of a reference the provider already has would be counted
 * twice instead of being refused, so `acceptedCountByReference` measures what the
 * plugin did, not what the provider forgave.
 */
import { type FakeBsg, startFakeBsg } from "../../test/fakes"
import { waitFor } from "../../test/support/wait"
import {
  type Child,
  assertRunning,
  bsgRef,
  cloneShopDatabase,
  dropDatabase,
  mainPg,
  query,
  secretLeaks,
  spawnMedusa,
  stopAllChildren,
  waitExit,
  waitForPluginBuild,
} from "./harness"

jest.setTimeout(240_000)

const TOTAL = 5000
const DB = "messaging_rel_worker_crash"
const API_KEY = "live_crashTESTkey_9f8e7d6c5b4a"
let bsg: FakeBsg
let dbUrl: string

/** The claim lease of both workers, and the deadline of one request (at most a third of it). */
const STUCK_AFTER_MS = 10_000
const TIMEOUT_MS = 3000

const options = (stuckAfterMs: number) => ({
  allowed_hosts: ["127.0.0.1"],
  accounts: [
    {
      key: "bsg",
      type: "bsg",
      base_url: bsg.url,
      credentials: { api_key: API_KEY },
      config: { sender: "MyShop", rate_per_second: 1000, concurrency: 4, timeout_ms: TIMEOUT_MS },
    },
  ],
  defaults: { default_region: "UA" },
  dispatch: {
    dispatch_on_enqueue: false,
    batch_size: 500,
    retry_base_ms: 100,
    max_retry_delay_ms: 1000,
    stuck_after_ms: stuckAfterMs,
  },
})

function worker(name: string, stuckAfterMs: number): Child {
  return spawnMedusa(name, ["exec", "./src/scripts/reliability-worker.ts"], {
    DATABASE_URL: dbUrl,
    MEDUSA_WORKER_MODE: "worker",
    MESSAGING_PLUGIN_OPTIONS: JSON.stringify(options(stuckAfterMs)),
    ENQUEUE_COUNT: String(TOTAL),
    WORKER_MAX_MS: "150000",
  })
}

const statusCounts = async () =>
  Object.fromEntries(
    (
      await query<{ status: string; n: number }>(
        dbUrl,
        `SELECT status, count(*)::int AS n FROM messaging_message GROUP BY status`
      )
    ).map((r) => [r.status, r.n])
  ) as Record<string, number>

beforeAll(async () => {
  await waitForPluginBuild()
  bsg = await startFakeBsg({ apiKey: API_KEY, latencyMs: 250, balance: 1e9, enforceUniqueReferences: false })
  ;({ url: dbUrl } = await cloneShopDatabase(DB))
})

afterAll(async () => {
  await stopAllChildren()
  await bsg?.close()
  await dropDatabase(mainPg(), DB).catch(() => undefined)
})

it("kill -9 mid-dispatch of 5,000 messages, restart: each message accepted exactly once, none left sending", async () => {
  // 1. A worker enqueues 5,000 SMS and starts sending them.
  const first = worker("worker-1", STUCK_AFTER_MS)
  // Mid-flight: batches marked sent, a claimed batch whose requests sit at the provider
  // (received, answer pending: the fake answers after 250 ms, so they outlive the kill).
  const inFlightAtProvider = () =>
    bsg.requests
      .filter((r) => r.method === "POST" && r.path.endsWith("/sms/create"))
      .reduce((n, r) => n + (r.body?.phones?.length ?? 1), 0) - bsg.acceptedCountByReference.size
  await waitFor(
    "worker 1 to be mid-flight",
    async () => {
      assertRunning(first)
      if (bsg.acceptedCountByReference.size < 1000 || inFlightAtProvider() <= 0) return false
      const counts = await statusCounts()
      return (counts.sent ?? 0) >= 1000 && (counts.sending ?? 0) > 0 && inFlightAtProvider() > 0
    },
    120_000,
    20
  )
  first.kill("SIGKILL")
  expect(await first.exited).toBe("SIGKILL")
  expect(first.output()).toContain(`ENQUEUED ${TOTAL}`)

  // The dead worker left claimed rows behind: the scenario is real.
  const atCrash = await statusCounts()
  expect(atCrash.sending).toBeGreaterThan(0)
  expect(atCrash.sent ?? 0).toBeLessThan(TOTAL)
  const leftSending = atCrash.sending
  const stuck = await query<{ id: string; maybe_accepted: boolean }>(
    dbUrl,
    `SELECT id, maybe_accepted FROM messaging_message WHERE status = 'sending'`
  )
  const stuckIds = stuck.map((r) => r.id)
  // Before a request goes out its rows say so (maybe_accepted): those are the ones to ask about.
  const flagged = new Set(stuck.filter((r) => r.maybe_accepted).map((r) => r.id))
  // The requests the dead worker had in flight still land at the provider: accepted, answer lost.
  await waitFor("the provider to finish the dead worker's requests", () => inFlightAtProvider() === 0, 10_000, 20)
  const acceptedButUnanswered = stuckIds.filter((id) => bsg.acceptedCountByReference.has(bsgRef(id)))
  expect(acceptedButUnanswered.length).toBeGreaterThan(0)
  // every message the provider got was flagged before its request went out
  expect(acceptedButUnanswered.filter((id) => !flagged.has(id))).toEqual([])

  // 2. A worker restarts (the same enqueue again adds nothing); once the dead worker's
  //    leases have run out it recovers those rows: looked up by reference, sent only if missing.
  bsg.latencyMs = 10
  const second = worker("worker-2", STUCK_AFTER_MS)
  const code = await waitExit(second, 180_000)
  if (code !== 0) throw new Error(`worker 2 failed (${code}):\n${second.tail()}`)
  expect(second.output()).toContain("ENQUEUED 0")

  // 3. Outcomes.
  expect(await statusCounts()).toEqual({ sent: TOTAL })
  const rows = await query<{ id: string; provider_message_id: string; maybe_accepted: boolean }>(
    dbUrl,
    `SELECT id, provider_message_id, maybe_accepted FROM messaging_message`
  )
  expect(rows).toHaveLength(TOTAL)
  expect(bsg.acceptedCountByReference.size).toBe(TOTAL)
  const duplicates = [...bsg.acceptedCountByReference.entries()].filter(([, n]) => n !== 1)
  expect(duplicates).toEqual([])
  expect(bsg.messages.size).toBe(TOTAL)
  // each row points at the provider message that carries its reference
  const mismatched = rows.filter((r) => {
    const m = bsg.messages.get(r.provider_message_id)
    return !m || m.reference !== bsgRef(r.id)
  })
  expect(mismatched).toEqual([])
  expect(rows.every((r) => r.maybe_accepted === false)).toBe(true)

  // The left-behind rows went through recovery (timeline), and the restarted worker asked
  // the provider about them before sending anything.
  const [{ n: recovered }] = await query<{ n: number }>(
    dbUrl,
    `SELECT count(DISTINCT message_id)::int AS n FROM messaging_message_event WHERE note = 'recovered after a worker stopped while sending'`
  )
  expect(recovered).toBe(leftSending)
  const lookups = bsg.requests.filter((r) => r.method === "GET" && /\/sms\/reference\//.test(r.path)).length
  expect(lookups).toBeGreaterThanOrEqual(flagged.size)

  // …and the ones the provider already had were not sent again (their count stayed 1).
  expect(acceptedButUnanswered.filter((id) => bsg.acceptedCountByReference.get(bsgRef(id)) !== 1)).toEqual([])

  // Neither worker printed the API key.
  expect(secretLeaks(first.output() + second.output(), { bsg: API_KEY })).toEqual([])
})
