/**
 * Postgres restarted while a dispatcher process is sending: the process keeps going,
 * and in the end every message reached the provider exactly once and none is lost or
 * left `sending`.
 *
 * A Postgres of its own (embedded, restartable: test/support/postgres-restartable.ts),
 * migrated with `medusa db:migrate`; one `medusa exec` worker (reliability-worker.ts)
 * enqueues 3,000 SMS and dispatches them to the fake BSG (80 ms per answer). While
 * requests are at the provider, Postgres gets a fast shutdown (every session
 * terminated), stays down for two seconds and comes back on the same port. Results the
 * worker could not write while the database was down leave rows `sending`; once their
 * claim's lease (`dispatch.stuck_after_ms`, no longer renewed) runs out they are recovered, looked up by reference at BSG and marked
 * sent without a second send. The fake does not enforce unique references, so a resend
 * would show as a count of 2.
 */
import { type FakeBsg, startFakeBsg } from "../../test/fakes"
import { type RestartablePostgres, startRestartablePostgres } from "../../test/support/postgres-restartable"
import { waitFor } from "../../test/support/wait"
import {
  assertRunning,
  bsgRef,
  createDatabase,
  query,
  runMedusa,
  secretLeaks,
  spawnMedusa,
  stopAllChildren,
  waitExit,
  waitForPluginBuild,
} from "./harness"

jest.setTimeout(300_000)

const TOTAL = 3000
const API_KEY = "live_pgRestartKEY_1a2b3c4d5e6f"
let pg: RestartablePostgres
let bsg: FakeBsg
let dbUrl: string
const pgLog: string[] = []

beforeAll(async () => {
  await waitForPluginBuild()
  bsg = await startFakeBsg({ apiKey: API_KEY, latencyMs: 80, balance: 1e9, enforceUniqueReferences: false })
  pg = await startRestartablePostgres({ log: (l) => pgLog.push(l) })
  dbUrl = await createDatabase(pg, "messaging_rel_pg_restart")
  await runMedusa("db:migrate", ["db:migrate"], { DATABASE_URL: dbUrl, MESSAGING_PLUGIN_OPTIONS: "{}" }, 240_000)
})

afterAll(async () => {
  await stopAllChildren()
  await bsg?.close()
  await pg?.destroy()
})

const statusCounts = async () =>
  Object.fromEntries(
    (
      await query<{ status: string; n: number }>(
        dbUrl,
        `SELECT status, count(*)::int AS n FROM messaging_message GROUP BY status`
      )
    ).map((r) => [r.status, r.n])
  ) as Record<string, number>

it("a Postgres restart mid-dispatch loses and duplicates nothing", async () => {
  const options = {
    allowed_hosts: ["127.0.0.1"],
    accounts: [
      {
        key: "bsg",
        type: "bsg",
        base_url: bsg.url,
        credentials: { api_key: API_KEY },
        config: { sender: "MyShop", rate_per_second: 1000, concurrency: 4, timeout_ms: 1000 },
      },
    ],
    defaults: { default_region: "UA" },
    dispatch: {
      dispatch_on_enqueue: false,
      batch_size: 200,
      retry_base_ms: 100,
      max_retry_delay_ms: 1000,
      stuck_after_ms: 3000,
    },
  }
  const [{ started: startedBefore }] = await query<{ started: Date }>(
    dbUrl,
    `SELECT pg_postmaster_start_time() AS started`
  )
  const worker = spawnMedusa("worker", ["exec", "./src/scripts/reliability-worker.ts"], {
    DATABASE_URL: dbUrl,
    MEDUSA_WORKER_MODE: "worker",
    MESSAGING_PLUGIN_OPTIONS: JSON.stringify(options),
    ENQUEUE_COUNT: String(TOTAL),
    WORKER_MAX_MS: "200000",
  })

  // Restart while requests are at the provider and part of the queue is done.
  const inFlightAtProvider = () =>
    bsg.requests
      .filter((r) => r.method === "POST" && r.path.endsWith("/sms/create"))
      .reduce((n, r) => n + (r.body?.phones?.length ?? 1), 0) - bsg.acceptedCountByReference.size
  await waitFor(
    "the worker to be mid-dispatch",
    () => {
      assertRunning(worker)
      return bsg.acceptedCountByReference.size >= 600 && inFlightAtProvider() > 0
    },
    120_000,
    20
  )
  const acceptedBeforeRestart = bsg.acceptedCountByReference.size
  await pg.restart(3000)
  expect(worker.exitCode).toBeNull() // the process survived the outage

  const code = await waitExit(worker, 240_000)
  if (code !== 0) throw new Error(`the worker failed (${code}):\n${worker.tail(60)}`)
  const out = worker.output()
  expect(out).toContain(`ENQUEUED ${TOTAL}`)
  // the restart was real and happened mid-dispatch: a new postmaster, sends on both sides of it
  const [{ started: startedAfter }] = await query<{ started: Date }>(
    dbUrl,
    `SELECT pg_postmaster_start_time() AS started`
  )
  expect(+startedAfter).toBeGreaterThan(+startedBefore)
  expect(acceptedBeforeRestart).toBeLessThan(TOTAL)

  expect(await statusCounts()).toEqual({ sent: TOTAL })
  const rows = await query<{ id: string; provider_message_id: string }>(
    dbUrl,
    `SELECT id, provider_message_id FROM messaging_message`
  )
  expect(bsg.acceptedCountByReference.size).toBe(TOTAL)
  expect([...bsg.acceptedCountByReference.entries()].filter(([, n]) => n !== 1)).toEqual([])
  expect(rows.filter((r) => bsg.messages.get(r.provider_message_id)?.reference !== bsgRef(r.id))).toEqual([])
  expect(secretLeaks(out, { bsg: API_KEY })).toEqual([])
})
