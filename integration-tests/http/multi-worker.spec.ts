/**
 * Several dispatcher processes over one outbox: two `medusa exec` processes (plus the
 * host's own scheduled job) drain 2,000 queued messages, and the fake BSG server sees
 * every reference exactly once.
 */
import { type FakeBsg, startFakeBsg } from "../../test/fakes"
import { hostEnv, hostIntegrationTestRunner, prepareHost } from "../../test/support/medusa-host"
import { hostProcessEnv, spawnMedusa } from "../../test/support/proc"
import { sleep, waitFor } from "../../test/support/wait"

jest.setTimeout(300_000)

let bsg: FakeBsg
let options: Record<string, unknown>
const cwd = prepareHost()

beforeAll(async () => {
  bsg = await startFakeBsg({ latencyMs: 50, balance: 1_000_000 })
  options = {
    allowed_hosts: ["127.0.0.1"],
    accounts: [
      {
        key: "bsg",
        type: "bsg",
        base_url: bsg.url,
        credentials: { api_key: "live_fakebsgkey0123456789" },
        config: { sender: "MyShop", rate_per_second: 100 },
      },
    ],
    defaults: { default_region: "UA" },
    dispatch: { dispatch_on_enqueue: false, batch_size: 200 },
  }
  // The test's own host runs as a "server" (no scheduled jobs): only the two workers dispatch.
  Object.assign(process.env, hostEnv(options, { MEDUSA_WORKER_MODE: "server" }))
})
afterAll(async () => bsg?.close())

/** A dispatcher process (`medusa exec dispatch-all.ts`); `ready` resolves once its app is up and polling. */
function startWorker(databaseUrl: string) {
  const worker = spawnMedusa("dispatch-all", ["exec", "./src/scripts/dispatch-all.ts"], {
    env: hostProcessEnv({
      NODE_ENV: "test",
      MEDUSA_WORKER_MODE: "worker",
      DATABASE_URL: databaseUrl,
      MESSAGING_PLUGIN_OPTIONS: JSON.stringify(options),
      LOG_LEVEL: "error",
    }),
  })
  const ready = waitFor(
    "the dispatcher process to be up",
    () => {
      if (worker.exitCode !== null) throw new Error(`exited (${worker.exitCode}):\n${worker.tail()}`)
      return worker.output().includes("DISPATCH_ALL_READY")
    },
    240_000,
    100
  )
  const result = async (): Promise<{ code: number | string | null; output: string }> => {
    const done = await Promise.race([
      worker.exited.then(() => true),
      sleep(Number(process.env.MULTI_WORKER_KILL_MS ?? 150_000)).then(() => false),
    ])
    if (!done) await worker.stop(0)
    return { code: worker.exitCode, output: worker.output() }
  }
  return { worker, ready, result }
}

hostIntegrationTestRunner({
  cwd,
  env: {},
  testSuite: ({ getContainer, dbConfig, dbConnection }) => {
    it("two dispatcher processes over 2,000 queued messages: every message reaches the provider exactly once", async () => {
      const messaging = getContainer().resolve("messaging") as any
      const rows = Array.from({ length: Number(process.env.MULTI_WORKER_MESSAGES ?? 2000) }, (_, i) => ({
        channel: "sms",
        recipient: `+38067${String(1000000 + i).padStart(7, "0")}`,
        body: `Message ${i}`,
        idempotency_key: `bulk-${i}`,
        // not due yet: they become due once both workers are up, so that both compete for them
        next_attempt_at: new Date(Date.now() + 24 * 3600_000),
      }))
      await messaging.enqueueMessages(rows)
      const workers = [startWorker(dbConfig.clientUrl), startWorker(dbConfig.clientUrl)]
      try {
        await Promise.all(workers.map((w) => w.ready))
      } catch (e) {
        await Promise.all(workers.map((w) => w.worker.stop(0)))
        throw e
      }
      await dbConnection.raw(`UPDATE messaging_message SET next_attempt_at = now() - interval '1 second'`)
      const [a, b] = await Promise.all(workers.map((w) => w.result()))
      if (a.code !== 0 || b.code !== 0) {
        const { rows: errors } = await dbConnection.raw(
          `SELECT status, note, count(*)::int n FROM messaging_message_event GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 8`
        )
        // what the workers printed and where the rows stand
        throw new Error(
          `a worker failed:\n${a.output.slice(-1500)}\n---\n${b.output.slice(-1500)}\n${JSON.stringify(errors)}`
        )
      }
      const claimedBy = (out: string) => Number(/DISPATCHED (\d+)/.exec(out)?.[1] ?? NaN)
      // both processes did real work, and together exactly the 2,000
      expect(claimedBy(a.output)).toBeGreaterThan(0)
      expect(claimedBy(b.output)).toBeGreaterThan(0)
      expect(claimedBy(a.output) + claimedBy(b.output)).toBe(2000)

      const { rows: statuses } = await dbConnection.raw(
        `SELECT status, count(*)::int n FROM messaging_message GROUP BY status`
      )
      expect(statuses).toEqual([{ status: "sent", n: 2000 }])
      expect(bsg.acceptedCountByReference.size).toBe(2000)
      expect([...bsg.acceptedCountByReference.values()].every((n) => n === 1)).toBe(true)
      expect(bsg.messages.size).toBe(2000)
    })
  },
})
