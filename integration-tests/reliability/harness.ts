/**
 * Shared machinery of the reliability suite: real `medusa exec` / `medusa start`
 * processes of the test host against real Postgres, with their output captured.
 *
 *  - templateDatabase(): one database per Postgres server, migrated with
 *    `medusa db:migrate` and seeded with the demo shop (seed-demo.ts), built once and
 *    cloned (CREATE DATABASE … TEMPLATE) for every scenario — a clone takes a second,
 *    a migration twenty.
 *  - spawnMedusa(): a CLI child in its own process group (so `kill -9` reaches the whole
 *    process), output kept for assertions and for error messages.
 *  - secretLeaks(): where a configured secret shows up in a text, in the encodings a
 *    leak would take (plain, URL-encoded, in HTTP Basic auth).
 */
import { spawn, type ChildProcess } from "node:child_process"
import { createHash } from "node:crypto"
import fs from "node:fs"
import path from "node:path"
import { Client } from "@medusajs/framework/pg"
import { HOST_DIR, REPO_ROOT, linkPluginIntoHost } from "../../test/support/host"
import type { ShopSeed } from "../../test/support/seed-shop"

export { HOST_DIR }
export const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js", { paths: [REPO_ROOT] })

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

// ───────────────────────── Postgres ─────────────────────────

export interface PgServer {
  host: string
  port: number
  user: string
  password: string
}

/** The suite's Postgres (DB_* env, exported by test/setup/global-setup.ts). */
export function mainPg(): PgServer {
  const { DB_HOST, DB_PORT, DB_USERNAME, DB_PASSWORD } = process.env
  if (!DB_HOST) throw new Error("DB_HOST is not set: run the reliability suite through jest's integration project")
  return { host: DB_HOST, port: Number(DB_PORT ?? 5432), user: DB_USERNAME ?? "postgres", password: DB_PASSWORD ?? "" }
}

export function pgUrl(pg: PgServer, db: string): string {
  return `postgres://${encodeURIComponent(pg.user)}:${encodeURIComponent(pg.password)}@${pg.host}:${pg.port}/${db}`
}

export async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** Run one query against a database and return its rows. */
export async function query<T = any>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return withClient(url, async (c) => (await c.query(sql, params)).rows as T[])
}

export async function dropDatabase(pg: PgServer, name: string): Promise<void> {
  await withClient(pgUrl(pg, "postgres"), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
}

export async function createDatabase(pg: PgServer, name: string, template?: string): Promise<string> {
  await withClient(pgUrl(pg, "postgres"), async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    await c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`)
  })
  return pgUrl(pg, name)
}

/** What the schema depends on: the plugin's migrations and the Medusa version. */
function schemaFingerprint(): string {
  const dir = path.join(REPO_ROOT, "src", "modules", "messaging", "migrations")
  const migrations = fs.readdirSync(dir).sort().join(",")
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the host's installed Medusa, resolved at run time
  const medusa = require(require.resolve("@medusajs/medusa/package.json", { paths: [REPO_ROOT] })).version
  const seed = fs.readFileSync(path.join(REPO_ROOT, "test", "support", "seed-shop.ts"), "utf8")
  return createHash("sha1").update(`v2|${migrations}|${medusa}|${seed}`).digest("hex").slice(0, 10)
}

/**
 * The migrated, seeded template database on `pg` (built on first use; later spec files
 * and later runs against the same server reuse it). The plugin's own rows (settings,
 * global site, accounts, templates) are NOT in it: every clone installs them on its first
 * start from that test's plugin options, as a fresh shop would.
 */
export async function templateDatabase(pg: PgServer = mainPg()): Promise<{ name: string; seed: ShopSeed }> {
  const name = `messaging_reliability_tpl_${schemaFingerprint()}`
  const admin = new Client({ connectionString: pgUrl(pg, "postgres") })
  await admin.connect()
  try {
    // one builder at a time (parallel jest workers share the server)
    await admin.query(`SELECT pg_advisory_lock(48151623)`)
    const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rows.length > 0
    if (!exists) {
      const building = `${name}_building`
      await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`)
      await admin.query(`CREATE DATABASE "${building}"`)
      const url = pgUrl(pg, building)
      await runMedusa("db:migrate", ["db:migrate"], { DATABASE_URL: url, MESSAGING_PLUGIN_OPTIONS: "{}" }, 240_000)
      // Seeded without the plugin: its install (site defaults from options) happens per clone.
      const out = await runMedusa("seed", ["exec", "./src/scripts/seed-demo.ts"], { DATABASE_URL: url, MESSAGING_PLUGIN_DISABLED: "true" }, 240_000)
      const line = out.split(/\r?\n/).find((l) => l.includes("SEED_RESULT "))
      if (!line) throw new Error(`seed-demo printed no SEED_RESULT line:\n${out.slice(-2000)}`)
      const seed = line.slice(line.indexOf("SEED_RESULT ") + "SEED_RESULT ".length)
      await withClient(url, async (c) => {
        // db:migrate boots the app, and the plugin installed itself from the empty options
        // (settings, global site, templates): empty its tables so that each clone installs on
        // its first start from that test's options, like a fresh shop.
        const { rows } = await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'messaging\\_%'`)
        if (rows.length) await c.query(`TRUNCATE ${rows.map((r: { tablename: string }) => `"${r.tablename}"`).join(", ")}`)
        await c.query(`CREATE TABLE reliability_seed (seed jsonb NOT NULL)`)
        await c.query(`INSERT INTO reliability_seed (seed) VALUES ($1)`, [seed])
      })
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`)
    }
    await admin.query(`SELECT pg_advisory_unlock(48151623)`)
  } finally {
    await admin.end().catch(() => undefined)
  }
  const [{ seed }] = await query<{ seed: ShopSeed }>(pgUrl(pg, name), `SELECT seed FROM reliability_seed`)
  return { name, seed }
}

/** A fresh copy of the template (migrated + seeded shop) named `name`. */
export async function cloneShopDatabase(name: string, pg: PgServer = mainPg()): Promise<{ url: string; seed: ShopSeed }> {
  const tpl = await templateDatabase(pg)
  const url = await createDatabase(pg, name, tpl.name)
  return { url, seed: tpl.seed }
}

// ───────────────────────── processes ─────────────────────────

export interface Child {
  name: string
  pid: number
  child: ChildProcess
  /** Everything it printed so far (stdout and stderr interleaved). */
  output(): string
  tail(lines?: number): string
  /** Exit code, or the signal name. */
  exited: Promise<number | string>
  readonly exitCode: number | string | null
  /** Signal the whole process group. */
  kill(signal?: NodeJS.Signals): void
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the leader is gone. */
  stop(graceMs?: number): Promise<void>
}

const children = new Set<Child>()

/**
 * The plugin is rebuilt by `npm test` (and by anyone working in this tree): wait until a
 * complete build is there and has not changed for a few seconds.
 */
export async function waitForPluginBuild(timeoutMs = 180_000): Promise<void> {
  const built = path.join(REPO_ROOT, ".medusa", "server", "src")
  const markers = [
    "modules/messaging/index.js",
    "modules/messaging/service.js",
    "subscribers/messaging-shop-events.js",
    "jobs/messaging-dispatch.js",
    "api/hooks/messaging/[account]/route.js",
  ].map((m) => path.join(built, m))
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const stats = markers.map((m) => fs.statSync(m, { throwIfNoEntry: false }))
    const newest = Math.max(...stats.map((st) => st?.mtimeMs ?? Infinity))
    if (stats.every(Boolean) && Date.now() - newest > 3000) break
    if (Date.now() > deadline) throw new Error(`The plugin is not built (${built}). Run "npm run build" first.`)
    await sleep(500)
  }
  linkPluginIntoHost()
}

/**
 * The environment of a host process: nothing inherited that another spec file of this
 * jest process may have set (MESSAGING_*, MEDUSA_WORKER_MODE, REDIS_URL, DATABASE_URL…).
 */
export function hostProcessEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const key of Object.keys(env)) {
    if (/^(MESSAGING_|MEDUSA_|REDIS_URL$|DATABASE_URL$|PORT$|JEST_|NODE_OPTIONS$)/.test(key)) delete env[key]
  }
  Object.assign(env, {
    NODE_ENV: "production",
    LOG_LEVEL: "info",
    JWT_SECRET: "supersecret",
    COOKIE_SECRET: "supersecret",
    MEDUSA_DISABLE_TELEMETRY: "true",
    MEDUSA_ADMIN_DISABLE: "true",
    MESSAGING_PLUGIN_DISABLED: "false",
    MESSAGING_PLUGIN_OPTIONS: "{}",
    FORCE_COLOR: "0",
  })
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k]
    else env[k] = v
  }
  return env
}

export function spawnMedusa(name: string, args: string[], env: Record<string, string | undefined>): Child {
  const child = spawn(process.execPath, [MEDUSA_CLI, ...args], {
    cwd: HOST_DIR,
    env: hostProcessEnv(env),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  })
  const chunks: string[] = []
  const onData = (d: Buffer) => chunks.push(d.toString("utf8"))
  child.stdout!.on("data", onData)
  child.stderr!.on("data", onData)
  let exitCode: number | string | null = null
  const exited = new Promise<number | string>((resolve) => {
    child.once("error", (e) => {
      chunks.push(`\n[harness] could not start: ${e.message}\n`)
      exitCode = "spawn-error"
      resolve("spawn-error")
    })
    child.once("close", (code, signal) => {
      exitCode = signal ?? code ?? "unknown"
      resolve(exitCode)
    })
  })
  const pid = child.pid ?? -1
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal)
    } catch {
      /* gone */
    }
  }
  const handle: Child = {
    name,
    pid,
    child,
    output: () => chunks.join(""),
    tail: (lines = 40) => chunks.join("").trimEnd().split(/\r?\n/).slice(-lines).join("\n"),
    exited,
    get exitCode() {
      return exitCode
    },
    kill: (signal = "SIGTERM") => signalGroup(signal),
    async stop(graceMs = 10_000) {
      if (exitCode === null) {
        signalGroup("SIGTERM")
        const t = await Promise.race([exited, sleep(graceMs).then(() => "timeout" as const)])
        if (t === "timeout") {
          signalGroup("SIGKILL")
          await exited
        }
      }
      // anything the leader left behind in its group
      signalGroup("SIGKILL")
      children.delete(handle)
    },
  }
  children.add(handle)
  void exited.then(() => {
    signalGroup("SIGKILL")
  })
  return handle
}

/** Run a CLI command to the end; throws with the tail of its output unless it exits 0. */
export async function runMedusa(name: string, args: string[], env: Record<string, string | undefined>, timeoutMs = 180_000): Promise<string> {
  const c = spawnMedusa(name, args, env)
  const code = await Promise.race([c.exited, sleep(timeoutMs).then(() => "timeout" as const)])
  if (code === "timeout") {
    await c.stop(1000)
    throw new Error(`${name} did not finish within ${timeoutMs / 1000} s:\n${c.tail()}`)
  }
  children.delete(c)
  if (code !== 0) throw new Error(`${name} failed (exit ${code}):\n${c.tail()}`)
  return c.output()
}

/** Stop every child this spec file started (afterAll). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...children].map((c) => c.stop(5000).catch(() => undefined)))
}

/** Resolve once GET /health answers 200; throws with the output if the process exits first. */
export async function waitHealthy(port: number, c: Child, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (c.exitCode !== null) throw new Error(`${c.name} exited (${c.exitCode}) before it was ready:\n${c.tail()}`)
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false
    )
    if (ok) return
    if (Date.now() > deadline) throw new Error(`${c.name} did not answer /health within ${timeoutMs / 1000} s:\n${c.tail()}`)
    await sleep(250)
  }
}

/** `medusa exec` logs a failing script and may keep running: treat that as an exit. */
export function scriptFailed(c: Child): boolean {
  return /Error running script/.test(c.output())
}

/** Throws with the output if the child is gone or its script failed (for polling loops). */
export function assertRunning(c: Child): void {
  if (c.exitCode !== null || scriptFailed(c)) throw new Error(`${c.name} stopped (${c.exitCode ?? "script error"}):\n${c.tail()}`)
}

/** Wait for a child to exit; throws with its output when it is not done in time or its script failed. */
export async function waitExit(c: Child, timeoutMs: number): Promise<number | string> {
  const deadline = Date.now() + timeoutMs
  while (c.exitCode === null) {
    if (scriptFailed(c) || Date.now() > deadline) {
      await c.stop(1000)
      throw new Error(`${c.name} ${scriptFailed(c) ? "failed" : `did not finish within ${timeoutMs / 1000} s`}:\n${c.tail()}`)
    }
    await Promise.race([c.exited, sleep(200)])
  }
  return c.exitCode
}

// ───────────────────────── secrets ─────────────────────────

/**
 * The forms in which each secret could leak: as is, URL-encoded, and (for pairs given as
 * "user:password") the base64 of an HTTP Basic header. Returns "<label>: <form>" per hit.
 */
export function secretLeaks(text: string, secrets: Record<string, string>, basicPairs: Record<string, string> = {}): string[] {
  const hits: string[] = []
  for (const [label, secret] of Object.entries(secrets)) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      if (text.includes(form)) hits.push(`${label}: ${form}`)
    }
  }
  for (const [label, pair] of Object.entries(basicPairs)) {
    const b64 = Buffer.from(pair).toString("base64")
    if (text.includes(b64)) hits.push(`${label} (Basic): ${b64}`)
  }
  return hits
}

/** Lines of `text` that contain `needle` (for readable failure messages). */
export function linesWith(text: string, needle: string, max = 5): string[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.includes(needle))
    .slice(0, max)
    .map((l) => l.slice(0, 400))
}

/** The BSG reference of one of our message ids (see src/modules/messaging/providers/bsg-reference.ts). */
export const bsgRef = (id: string) => id.replace(/[^A-Za-z0-9]/g, "")
