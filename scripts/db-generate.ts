/**
 * `npm run db:generate`: generate a migration for model changes with
 * `medusa plugin:db:generate` against a throw-away Postgres (DB_* env or embedded).
 */
import { spawnSync } from "node:child_process"
import { Client } from "@medusajs/framework/pg"
import { obtainPostgres } from "../test/support/postgres"

async function main() {
  const pg = await obtainPostgres()
  try {
    const admin = new Client({ connectionString: pg.url("postgres") })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS "medusa-messaging"`)
    await admin.query(`CREATE DATABASE "medusa-messaging"`)
    await admin.end()
    // The snapshot in migrations/ describes the schema so far; MikroORM diffs the models against it.
    const res = spawnSync("npx", ["medusa", "plugin:db:generate"], {
      stdio: "inherit",
      env: { ...process.env, DB_HOST: pg.host, DB_PORT: String(pg.port), DB_USERNAME: pg.user, DB_PASSWORD: pg.password },
    })
    process.exitCode = res.status ?? 1
  } finally {
    await pg.stop()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
