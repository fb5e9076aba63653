/**
 * What the reliability suite adds to the shared test support (test/support): real
 * `medusa exec` / `medusa start` processes of the one host app against real Postgres,
 * with their output captured.
 *
 *  - templateDatabase(): one database per Postgres server, a clone of the migrated
 *    template (test/support/templates.ts) seeded with the demo shop (seed-demo.ts), built
 *    once and cloned (CREATE DATABASE … TEMPLATE) for every scenario — a clone takes a
 *    second, a migration twenty.
 *  - spawnMedusa(): the process harness (test/support/proc.ts) with a clean host
 *    environment; the whole process group is killed when the leader exits.
 *  - secretLeaks(): where a configured secret shows up in a text, in the encodings a
 *    leak would take (plain, URL-encoded, in HTTP Basic auth).
 */
import fs from "node:fs"
import path from "node:path"
import { type PgServer, createDatabase, dropDatabase, envPg, query, withClient } from "../../test/support/db"
import { HOST_DIR, REPO_ROOT, linkPluginIntoHost } from "../../test/support/host"
import {
  type Proc,
  MEDUSA_CLI,
  hostProcessEnv,
  runMedusa as runHostCommand,
  spawnMedusa as spawnHostProcess,
  stopAll,
  waitHealthy as waitForHealth,
} from "../../test/support/proc"
import type { ShopSeed } from "../../test/support/seed-shop"
import { cloneTemplate, derivedTemplate, schemaFingerprint } from "../../test/support/templates"
import { sleep } from "../../test/support/wait"

export { HOST_DIR, MEDUSA_CLI, createDatabase, dropDatabase, hostProcessEnv, query, sleep, withClient, type PgServer }

// ───────────────────────── Postgres ─────────────────────────

/** The suite's Postgres (DB_* env, exported by test/setup/global-setup.ts). */
export const mainPg = (): PgServer => envPg()

/**
 * The migrated, seeded template database on `pg` (built on first use from the migrated
 * template of test/support/templates.ts; later spec files and later runs against the same
 * server reuse it). The plugin's own rows (settings, global site, accounts, templates) are
 * NOT in it: every clone installs them on its first start from that test's plugin options,
 * as a fresh shop would.
 */
export async function templateDatabase(pg: PgServer = mainPg()): Promise<{ name: string; seed: ShopSeed }> {
  const seedSource = fs.readFileSync(path.join(REPO_ROOT, "test", "support", "seed-shop.ts"), "utf8")
  const name = await derivedTemplate(pg, `messaging_reliability_tpl_${schemaFingerprint(seedSource)}`, async (url) => {
    // Seeded without the plugin: its install (site defaults from options) happens per clone.
    const out = await runMedusa(
      "seed",
      ["exec", "./src/scripts/seed-demo.ts"],
      { DATABASE_URL: url, MESSAGING_PLUGIN_DISABLED: "true" },
      240_000
    )
    const line = out.split(/\r?\n/).find((l) => l.includes("SEED_RESULT "))
    if (!line) throw new Error(`seed-demo printed no SEED_RESULT line:\n${out.slice(-2000)}`)
    const seed = line.slice(line.indexOf("SEED_RESULT ") + "SEED_RESULT ".length)
    await withClient(url, async (c) => {
      await c.query(`CREATE TABLE reliability_seed (seed jsonb NOT NULL)`)
      await c.query(`INSERT INTO reliability_seed (seed) VALUES ($1)`, [seed])
    })
  })
  const [{ seed }] = await query<{ seed: ShopSeed }>(pg.url(name), `SELECT seed FROM reliability_seed`)
  return { name, seed }
}

/** A fresh copy of the template (migrated + seeded shop) named `name`. */
export async function cloneShopDatabase(
  name: string,
  pg: PgServer = mainPg()
): Promise<{ url: string; seed: ShopSeed }> {
  const tpl = await templateDatabase(pg)
  const url = await cloneTemplate(pg, name, tpl.name)
  return { url, seed: tpl.seed }
}

// ───────────────────────── processes ─────────────────────────

/** A host process (test/support/proc.ts). */
export type Child = Proc

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

/** `medusa <args>` in the host with a clean environment plus `env`; the group dies with its leader. */
export function spawnMedusa(name: string, args: string[], env: Record<string, string | undefined>): Child {
  const c = spawnHostProcess(name, args, { env: hostProcessEnv(env) })
  void c.exited.then(() => c.kill("SIGKILL"))
  return c
}

/** Run a CLI command to the end; throws with the tail of its output unless it exits 0. */
export async function runMedusa(
  name: string,
  args: string[],
  env: Record<string, string | undefined>,
  timeoutMs = 180_000
): Promise<string> {
  return runHostCommand(name, args, { env: hostProcessEnv(env), timeoutMs })
}

/** Stop every child this spec file started (afterAll). */
export async function stopAllChildren(): Promise<void> {
  await stopAll(5000)
}

/** Resolve once GET /health answers 200; throws with the output if the process exits first. */
export async function waitHealthy(port: number, c: Child, timeoutMs = 180_000): Promise<void> {
  await waitForHealth(`http://127.0.0.1:${port}/health`, c, { timeoutMs })
}

/** `medusa exec` logs a failing script and may keep running: treat that as an exit. */
export function scriptFailed(c: Child): boolean {
  return /Error running script/.test(c.output())
}

/** Throws with the output if the child is gone or its script failed (for polling loops). */
export function assertRunning(c: Child): void {
  if (c.exitCode !== null || scriptFailed(c))
    throw new Error(`${c.name} stopped (${c.exitCode ?? "script error"}):\n${c.tail()}`)
}

/** Wait for a child to exit; throws with its output when it is not done in time or its script failed. */
export async function waitExit(c: Child, timeoutMs: number): Promise<number | string> {
  const deadline = Date.now() + timeoutMs
  while (c.exitCode === null) {
    if (scriptFailed(c) || Date.now() > deadline) {
      await c.stop(1000)
      throw new Error(
        `${c.name} ${scriptFailed(c) ? "failed" : `did not finish within ${timeoutMs / 1000} s`}:\n${c.tail()}`
      )
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
export function secretLeaks(
  text: string,
  secrets: Record<string, string>,
  basicPairs: Record<string, string> = {}
): string[] {
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
