/**
 * `npm run db:generate`: generate a migration for model changes with
 * `medusa plugin:db:generate` against a throw-away Postgres (DB_* env or embedded).
 */
import { spawnSync } from "node:child_process"
import { createDatabase } from "../test/support/db"
import { obtainPostgres } from "../test/support/postgres"

async function main() {
  const pg = await obtainPostgres()
  try {
    await createDatabase(pg, "medusa-messaging")
    // The snapshot in migrations/ describes the schema so far; MikroORM diffs the models against it.
    const res = spawnSync("npx", ["medusa", "plugin:db:generate"], {
      stdio: "inherit",
      env: {
        ...process.env,
        DB_HOST: pg.host,
        DB_PORT: String(pg.port),
        DB_USERNAME: pg.user,
        DB_PASSWORD: pg.password,
      },
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
