/**
 * The shop the browser tests drive: Postgres (DB_* env or embedded), a fake BSG server,
 * the host app (integration-tests/host) with a fresh database, migrations, the admin user
 * and the demo seed, then Medusa with a production build of the admin (admin-host.ts),
 * and one order placed through the Store API. `stop()` ends everything it started.
 */
import fs from "node:fs"
import path from "node:path"
import axios from "axios"
import { startFakeBsg, type FakeBsg } from "../fakes"
import { createDatabase } from "../support/db"
import { freePort } from "../support/free-port"
import { HOST_DIR, REPO_ROOT } from "../support/host"
import { startOwnedPostgres, type OwnedPostgres } from "../support/postgres"
import { MEDUSA_CLI, runMedusa, runToEnd, spawnMedusa, spawnProcess, stopAll, waitHealthy } from "../support/proc"
import type { ShopSeed } from "../support/seed-shop"
import { placeOrder } from "../support/storefront"
import { buildAdmin, createAdminHost } from "./admin-host"
import { removePluginSnapshot, snapshotPlugin } from "./plugin-snapshot"

export const ADMIN_EMAIL = "admin@example.com"
export const ADMIN_PASSWORD = "supersecret"
export const CUSTOMER_PHONE = "+380671234567"
/** A user whose only role is "Messaging viewer" (RBAC is on in this shop). */
export const LIMITED_EMAIL = "viewer@example.com"
/** The viewer's policies: read messages, templates and opt-outs, see orders and customers; send nothing. */
export const VIEWER_POLICIES = [
  "messaging_message:read",
  "messaging_template:read",
  "messaging_opt_out:read",
  "order:read",
  "customer:read",
]
export const BSG_KEY = "live_e2eFAKEbsgKEY_0123456789"

export interface Stack {
  baseUrl: string
  bsg: FakeBsg
  seed: ShopSeed
  order: { id: string; display_id: number; customer_id: string | null }
  logDir: string
  stop(): Promise<void>
}

export interface StackOptions {
  logDir: string
  log: (line: string) => void
  /** Build the plugin first (`medusa plugin:build`); off when the caller already did. */
  build: boolean
}

/**
 * `medusa user` made the manager a Super Admin: give them a "Messaging viewer" role with
 * VIEWER_POLICIES instead, through Medusa's RBAC admin API, as a shop owner would.
 */
async function makeViewer(api: ReturnType<typeof axios.create>, admin: { headers: Record<string, string> }) {
  const { data: policies } = await api.get("/admin/rbac/policies", {
    params: { key: VIEWER_POLICIES, limit: 100, fields: "id,key" },
    ...admin,
  })
  const found = (policies.policies as { id: string; key: string }[]).map((p) => p.key).sort()
  if (found.join() !== [...VIEWER_POLICIES].sort().join()) throw new Error(`RBAC policies missing: ${found}`)
  const { data: created } = await api.post(
    "/admin/rbac/roles",
    { name: "Messaging viewer", policy_ids: policies.policies.map((p: { id: string }) => p.id) },
    admin
  )
  const { data: users } = await api.get("/admin/users", { params: { q: LIMITED_EMAIL, fields: "id,email" }, ...admin })
  const viewer = (users.users as { id: string; email: string }[]).find((u) => u.email === LIMITED_EMAIL)
  if (!viewer) throw new Error(`user ${LIMITED_EMAIL} not found`)
  await api.post(`/admin/rbac/roles/${created.role.id}/users`, { users: [viewer.id] }, admin)
  await api.delete("/admin/rbac/roles/role_super_admin/users", { data: { users: [viewer.id] }, ...admin })
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  fs.mkdirSync(opts.logDir, { recursive: true })
  const logs = {
    pg: path.join(opts.logDir, "postgres.log"),
    setup: path.join(opts.logDir, "setup.log"),
    medusa: path.join(opts.logDir, "medusa.log"),
  }
  const stops: Array<() => Promise<void>> = []
  const stop = async () => {
    // Children still running (an admin build, a CLI step) first, then what was started, last first.
    await stopAll(10_000)
    for (const fn of stops.reverse()) await fn().catch(() => undefined)
  }
  try {
    if (opts.build) {
      opts.log("building the plugin (medusa plugin:build)")
      await runToEnd(
        spawnProcess("plugin:build", process.execPath, [MEDUSA_CLI, "plugin:build"], {
          cwd: REPO_ROOT,
          env: { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true" },
          logFile: path.join(opts.logDir, "build.log"),
        })
      )
    }
    await snapshotPlugin()
    stops.push(async () => removePluginSnapshot())
    const adminDir = createAdminHost()
    // The admin build needs no database: it runs while Postgres starts and the shop is set up.
    const adminBuild = buildAdmin({
      logFile: path.join(opts.logDir, "admin-build.log"),
      env: { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true" },
      log: opts.log,
    })
    adminBuild.catch(() => undefined)
    opts.log("starting Postgres and the fake BSG server")
    const pgLog = fs.createWriteStream(logs.pg, { flags: "a" })
    const pg: OwnedPostgres = await startOwnedPostgres((l) => pgLog.write(l.endsWith("\n") ? l : `${l}\n`))
    stops.push(async () => {
      await pg.stop()
      pgLog.end()
    })
    const bsg = await startFakeBsg({ apiKey: BSG_KEY, balance: 25, pricePerMessage: 0.05 })
    stops.push(() => bsg.close())

    const port = await freePort()
    const baseUrl = `http://localhost:${port}`
    const dbName = `messaging_e2e_${Date.now().toString(36)}`
    await createDatabase(pg.handle, dbName)
    const pluginOptions = {
      alert_email: "owner@e2e.local",
      allowed_hosts: ["127.0.0.1"],
      accounts: [
        {
          key: "bsg-e2e",
          name: "BSG.World (fake)",
          type: "bsg",
          base_url: bsg.url,
          credentials: { api_key: BSG_KEY },
          config: { sender: "E2EShop" },
        },
      ],
      defaults: {
        site_name: "E2E Shop",
        site_url: "https://shop.e2e.local",
        default_region: "UA",
        time_zone: "Europe/Kyiv",
        sms_sender: "E2EShop",
      },
      dispatch: { retry_base_ms: 500 },
    }
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // Not "development" (that serves the admin through Vite's dev server), not
      // "production" (secure cookies need https): the built admin, plain http.
      NODE_ENV: "test",
      DATABASE_URL: pg.handle.url(dbName),
      MESSAGING_PLUGIN_OPTIONS: JSON.stringify(pluginOptions),
      MESSAGING_PLUGIN_DISABLED: "false",
      MEDUSA_WORKER_MODE: "shared",
      MEDUSA_ADMIN_DISABLE: "true",
      MEDUSA_BACKEND_URL: baseUrl,
      MEDUSA_DISABLE_TELEMETRY: "true",
      PORT: String(port),
      JWT_SECRET: "supersecret",
      COOKIE_SECRET: "supersecret",
      STORE_CORS: `http://localhost:8000,${baseUrl}`,
      ADMIN_CORS: baseUrl,
      AUTH_CORS: baseUrl,
      FORCE_COLOR: "0",
      // Medusa's RBAC: the admin is Super Admin, the manager sees the limited admin.
      MEDUSA_FF_RBAC: "true",
    }
    delete env.REDIS_URL
    const cli = (name: string, args: string[]) => runMedusa(name, args, { cwd: adminDir, env, logFile: logs.setup })
    opts.log(`migrating database ${dbName}, creating ${ADMIN_EMAIL}, seeding the shop`)
    await cli("db:migrate", ["db:migrate"])
    await cli("user", ["user", "-e", ADMIN_EMAIL, "-p", ADMIN_PASSWORD])
    await cli("user (viewer)", ["user", "-e", LIMITED_EMAIL, "-p", ADMIN_PASSWORD])
    const seedOut = await cli("seed", ["exec", path.join(HOST_DIR, "src", "scripts", "seed-demo.ts")])
    const seedLine = seedOut.split(/\r?\n/).find((l) => l.includes("SEED_RESULT "))
    if (!seedLine) throw new Error("the seed script printed no SEED_RESULT line")
    const seed = JSON.parse(seedLine.slice(seedLine.indexOf("SEED_RESULT ") + 12)) as ShopSeed

    await adminBuild
    opts.log(`starting Medusa with the admin on ${baseUrl}`)
    const server = spawnMedusa("medusa", ["start", "--port", String(port)], {
      cwd: adminDir,
      env: { ...env, MEDUSA_ADMIN_DISABLE: "false" },
      logFile: logs.medusa,
    })
    await waitHealthy(`${baseUrl}/health`, server, { timeoutMs: 240_000, requestTimeoutMs: 60_000 })
    await waitHealthy(`${baseUrl}/app`, server, {
      timeoutMs: 180_000,
      requestTimeoutMs: 60_000,
      ok: (body) => /<html/i.test(body),
    })

    opts.log("placing an order through the Store API")
    const api = axios.create({ baseURL: baseUrl, timeout: 60_000 })
    const { order } = await placeOrder(api, seed, {
      salesChannel: "web",
      phone: CUSTOMER_PHONE,
      email: "olena@e2e.local",
      firstName: "Olena",
    })
    const { data: auth } = await api.post("/auth/user/emailpass", { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
    const admin = { headers: { authorization: `Bearer ${auth.token}` } }
    const { data: full } = await api.get(`/admin/orders/${order.id}`, {
      params: { fields: "id,display_id,customer_id" },
      ...admin,
    })
    await makeViewer(api, admin)
    return { baseUrl, bsg, seed, order: full.order, logDir: opts.logDir, stop }
  } catch (e) {
    await stop()
    throw e
  }
}
