import { exportToEnv, postgresFromEnv, startEmbeddedPostgres } from "../support/postgres"

/** Jest global setup of the integration project: Postgres from DB_* env or embedded. */
export default async function globalSetup() {
  if (postgresFromEnv()) return
  const pg = await startEmbeddedPostgres()
  exportToEnv(pg)
  ;(globalThis as any).__MESSAGING_PG__ = pg
}
