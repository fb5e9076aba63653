/** Databases of the benchmark on the Postgres from obtainPostgres(). */
import { Client } from "@medusajs/framework/pg"
import type { PostgresHandle } from "../../test/support/postgres"

export async function withDb<T>(pg: PostgresHandle, database: string, fn: (c: InstanceType<typeof Client>) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: pg.url(database) })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

export async function dropDatabase(pg: PostgresHandle, name: string): Promise<void> {
  await withDb(pg, "postgres", (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
}

export async function createDatabase(pg: PostgresHandle, name: string, template?: string): Promise<void> {
  await dropDatabase(pg, name)
  await withDb(pg, "postgres", (c) => c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`))
}

export async function query<T = any>(pg: PostgresHandle, database: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return withDb(pg, database, async (c) => (await c.query(sql, params)).rows as T[])
}
