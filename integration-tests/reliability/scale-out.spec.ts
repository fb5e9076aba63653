/**
 * The production topology (docs/scale-out.md) on Medusa's own distributed pieces:
 * Redis (Debian's `redis-server`) carries the event bus, the workflow engine and the
 * locks; one `medusa start` in server mode takes the Store API traffic, two in worker
 * mode run subscribers and scheduled jobs; all three share one Postgres.
 *
 * Orders placed through the server's Store API become SMS (customer + admin copy) that
 * the workers write and send: every message reaches the fake BSG exactly once, none is
 * sent by the server process.
 *
 * Needs `redis-server` on the PATH (`apt-get install -y redis-server`). Without it the
 * test is skipped with a warning — unless CI or MESSAGING_REQUIRE_REDIS is set, where it
 * fails.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process"
import axios from "axios"
import { type FakeBsg, startFakeBsg } from "../../test/fakes"
import { freePort } from "../../test/support/free-port"
import type { ShopSeed } from "../../test/support/seed-shop"
import { placeOrder } from "../../test/support/storefront"
import { waitFor } from "../../test/support/wait"
import {
  type Child,
  bsgRef,
  cloneShopDatabase,
  dropDatabase,
  mainPg,
  query,
  secretLeaks,
  sleep,
  spawnMedusa,
  stopAllChildren,
  waitForPluginBuild,
  waitHealthy,
} from "./harness"

jest.setTimeout(300_000)

const DB = "messaging_rel_scale_out"
const API_KEY = "live_scaleOutKEY_4d5e6f7a8b9c"
const ADMIN_PHONE = "+380501112233"
const ORDERS = 6

const haveRedis = spawnSync("redis-server", ["--version"], { encoding: "utf8" }).status === 0
const requireRedis = !!(process.env.CI || process.env.MESSAGING_REQUIRE_REDIS)

let redis: ChildProcess | null = null
let bsg: FakeBsg
let dbUrl: string
let seed: ShopSeed

async function startRedis(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort()
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    }
  )
  let out = ""
  child.stdout!.on("data", (d) => (out += d))
  child.stderr!.on("data", (d) => (out += d))
  await waitFor(
    "redis-server to accept connections",
    () => {
      if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}):\n${out}`)
      return /Ready to accept connections/.test(out)
    },
    20_000,
    50
  )
  return { url: `redis://127.0.0.1:${port}`, child }
}

const describeWithRedis = haveRedis || requireRedis ? describe : describe.skip
if (!haveRedis) {
  const msg = "redis-server is not installed: the scale-out test is skipped (apt-get install -y redis-server)"
  if (requireRedis) throw new Error(`${msg.replace("is skipped", "cannot run")}; CI/MESSAGING_REQUIRE_REDIS is set`)
  console.warn(msg)
}

describeWithRedis(
  "scale-out: Redis event bus + workflow engine + locking, 1 server and 2 workers over one Postgres",
  () => {
    let redisUrl: string
    const procs: { server?: Child; workers: Child[] } = { workers: [] }
    const ports: { server: number; workers: number[] } = { server: 0, workers: [] }

    beforeAll(async () => {
      await waitForPluginBuild()
      const r = await startRedis()
      redis = r.child
      redisUrl = r.url
      bsg = await startFakeBsg({ apiKey: API_KEY, latencyMs: 20, balance: 1e6, enforceUniqueReferences: false })
      ;({ url: dbUrl, seed } = await cloneShopDatabase(DB))

      const options = {
        allowed_hosts: ["127.0.0.1"],
        accounts: [
          {
            key: "bsg",
            type: "bsg",
            base_url: bsg.url,
            credentials: { api_key: API_KEY },
            config: { sender: "MyShop", rate_per_second: 200 },
          },
        ],
        defaults: {
          site_name: "Scale-out Shop",
          default_region: "UA",
          admin_phones: [ADMIN_PHONE],
          sms_sender: "MyShop",
        },
        dispatch: { retry_base_ms: 200, max_retry_delay_ms: 1000 },
      }
      const env = (mode: "server" | "worker", port: number) => ({
        DATABASE_URL: dbUrl,
        REDIS_URL: redisUrl,
        MEDUSA_WORKER_MODE: mode,
        PORT: String(port),
        MESSAGING_PLUGIN_OPTIONS: JSON.stringify(options),
      })
      ports.server = await freePort()
      ports.workers = [await freePort(), await freePort()]
      procs.server = spawnMedusa("server", ["start"], env("server", ports.server))
      procs.workers = ports.workers.map((p, i) => spawnMedusa(`worker-${i + 1}`, ["start"], env("worker", p)))
      await Promise.all([
        waitHealthy(ports.server, procs.server),
        ...procs.workers.map((w, i) => waitHealthy(ports.workers[i], w)),
      ])
    })

    afterAll(async () => {
      await stopAllChildren()
      redis?.kill("SIGTERM")
      await bsg?.close()
      await dropDatabase(mainPg(), DB).catch(() => undefined)
    })

    it("orders through the server's Store API: every SMS is written and sent by the workers, exactly once", async () => {
      // the Redis modules are what is running, in every process
      for (const p of [procs.server!, ...procs.workers]) {
        expect(p.output()).not.toMatch(/Local Event Bus installed/)
        expect(p.output()).not.toMatch(/redisUrl not found/)
        expect(p.output()).toContain("Connection to Redis in module 'event-bus-redis' established")
        expect(p.output()).toContain("Connection to Redis in module 'workflow-engine-redis' established")
        expect(p.output()).toMatch(/Connection to Redis in \\?"locking-redis\\?" provider established/)
      }

      const api = axios.create({ baseURL: `http://127.0.0.1:${ports.server}`, timeout: 60_000 })
      const phones = Array.from({ length: ORDERS }, (_, i) => `+38067${String(3_000_000 + i).padStart(7, "0")}`)
      // concurrent checkouts, as on a busy day
      const orders = (
        await Promise.all(phones.map((phone, i) => placeOrder(api, seed, { phone, email: `buyer${i}@scale.test` })))
      ).map((r) => r.order as { id: string })

      const rows = () =>
        query<{
          id: string
          order_id: string
          audience: string
          recipient: string
          status: string
          claimed_by: string | null
          provider_message_id: string | null
        }>(
          dbUrl,
          `SELECT id, order_id, audience, recipient, status, claimed_by, provider_message_id FROM messaging_message WHERE event_name = 'order.placed' ORDER BY order_id, audience`
        )
      await waitFor(
        "all order SMS sent",
        async () => {
          const r = await rows()
          return r.length === ORDERS * 2 && r.every((m) => m.status === "sent")
        },
        120_000,
        250
      )

      // Stop everything (gracefully), then count: nothing sent late, nothing twice.
      await Promise.all([procs.server!, ...procs.workers].map((p) => p.stop(15_000)))
      const final = await rows()
      expect(final).toHaveLength(ORDERS * 2)
      expect(final.every((m) => m.status === "sent")).toBe(true)
      // one customer SMS and one admin copy per order
      for (const o of orders) {
        const mine = final.filter((m) => m.order_id === o.id)
        expect(mine.map((m) => m.audience).sort()).toEqual(["admin", "customer"])
        expect(mine.find((m) => m.audience === "admin")!.recipient).toBe(ADMIN_PHONE)
      }
      expect(new Set(final.filter((m) => m.audience === "customer").map((m) => m.recipient))).toEqual(new Set(phones))

      expect(bsg.acceptedCountByReference.size).toBe(ORDERS * 2)
      expect([...bsg.acceptedCountByReference.entries()].filter(([, n]) => n !== 1)).toEqual([])
      expect(final.filter((m) => bsg.messages.get(m.provider_message_id!)?.reference !== bsgRef(m.id))).toEqual([])

      // sent by the workers, never by the server process (workerId = host:pid)
      const senders = new Set(final.map((m) => Number(m.claimed_by?.split(":").pop())))
      const workerPids = new Set(procs.workers.map((w) => w.pid))
      expect([...senders].filter((pid) => !workerPids.has(pid))).toEqual([])
      expect(senders.has(procs.server!.pid)).toBe(false)

      const allOutput = [procs.server!, ...procs.workers].map((p) => p.output()).join("\n")
      expect(secretLeaks(allOutput, { bsg: API_KEY })).toEqual([])
    })
  }
)

afterAll(async () => {
  if (redis && redis.exitCode === null) redis.kill("SIGKILL")
  await sleep(0)
})
