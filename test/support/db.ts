/**
 * The one database helper of the tests, the bench and the demo: run queries, create a
 * database (optionally as a clone of a template: CREATE DATABASE … TEMPLATE, a second
 * where a migration takes twenty), drop one. Works on any server described by a
 * PostgresHandle (test/support/postgres.ts) or by the DB_* environment.
 */
import { Client } from "@medusajs/framework/pg"
import type { PostgresHandle } from "./postgres"

/** Where a database lives: a PostgresHandle, or anything with a `url(db)`. */
export type PgServer = Pick<PostgresHandle, "url">

/** The Postgres of the DB_* environment (the integration project exports it in global-setup). */
export function envPg(env = process.env): PgServer & { host: string; port: number; user: string; password: string } {
  if (!env.DB_HOST)
    throw new Error("DB_HOST is not set: run this through jest's integration project, or start Postgres first")
  const host = env.DB_HOST
  const port = Number(env.DB_PORT ?? 5432)
  const user = env.DB_USERNAME ?? "postgres"
  const password = env.DB_PASSWORD ?? ""
  return {
    host,
    port,
    user,
    password,
    url: (db) => `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${db}`,
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

/** Run one query against a database URL and return its rows. */
export async function query<T = any>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return withClient(url, async (c) => (await c.query(sql, params)).rows as T[])
}

export async function dropDatabase(pg: PgServer, name: string): Promise<void> {
  await withClient(pg.url("postgres"), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
}

/** A fresh database `name` (dropped first if it exists), empty or a copy of `template`; returns its URL. */
export async function createDatabase(pg: PgServer, name: string, template?: string): Promise<string> {
  await withClient(pg.url("postgres"), async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    await c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`)
  })
  return pg.url(name)
}

export async function databaseExists(pg: PgServer, name: string): Promise<boolean> {
  return (await query(pg.url("postgres"), `SELECT 1 FROM pg_database WHERE datname = $1`, [name])).length > 0
}

/** Empty every table of the plugin (messaging_*), e.g. so that a clone installs from its own options. */
export async function truncatePluginTables(url: string): Promise<void> {
  await withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'messaging\\_%'`
    )
    if (rows.length) await c.query(`TRUNCATE ${rows.map((r: { tablename: string }) => `"${r.tablename}"`).join(", ")}`)
  })
}
