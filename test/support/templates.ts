/**
 * Migrated template databases: `medusa db:migrate` of the host app once per Postgres
 * server (and per schema: the fingerprint covers the plugin's migrations, the Medusa
 * version and the host's configuration), then every test database is a clone
 * (CREATE DATABASE … TEMPLATE: about a second, where migrating takes tens of seconds).
 *
 * The plugin's own rows are not in the template (db:migrate boots the app and the plugin
 * installs itself from the empty options: its tables are emptied afterwards), so every
 * clone installs on its first start from that test's plugin options, as a fresh shop does.
 */
import { createHash } from "node:crypto"
import fs from "node:fs"
import path from "node:path"
import { type PgServer, createDatabase, databaseExists, envPg, truncatePluginTables, withClient } from "./db"
import { HOST_DIR, REPO_ROOT } from "./host"
import { hostProcessEnv, runMedusa } from "./proc"

/** One builder (or cloner) at a time: parallel jest workers and spec files share the server. */
const TEMPLATE_LOCK = 48151622

/** What the migrated schema depends on. */
export function schemaFingerprint(extra = ""): string {
  const migrations = fs
    .readdirSync(path.join(REPO_ROOT, "src", "modules", "messaging", "migrations"))
    .sort()
    .join(",")
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the installed Medusa version, resolved at run time
  const medusa = require(require.resolve("@medusajs/medusa/package.json", { paths: [REPO_ROOT] })).version
  const config = fs.readFileSync(path.join(HOST_DIR, "medusa-config.ts"), "utf8")
  return createHash("sha1").update(`v1|${migrations}|${medusa}|${config}|${extra}`).digest("hex").slice(0, 10)
}

/** Run `fn` holding the template lock (a session-level advisory lock on the `postgres` database). */
export async function withTemplateLock<T>(pg: PgServer, fn: () => Promise<T>): Promise<T> {
  return withClient(pg.url("postgres"), async (admin) => {
    await admin.query(`SELECT pg_advisory_lock(${TEMPLATE_LOCK})`)
    try {
      return await fn()
    } finally {
      await admin.query(`SELECT pg_advisory_unlock(${TEMPLATE_LOCK})`).catch(() => undefined)
    }
  })
}

/**
 * Build (once) the template `name` if it does not exist: `fill(url)` prepares a database
 * named `<name>_building`, which is then renamed. Call with the template lock held.
 */
async function ensureTemplate(pg: PgServer, name: string, fill: (url: string) => Promise<void>): Promise<void> {
  if (await databaseExists(pg, name)) return
  const building = `${name}_building`
  await fill(await createDatabase(pg, building))
  await withClient(pg.url("postgres"), (c) => c.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`))
}

/** The migrated (not seeded) template of the host app on `pg`; returns its name. */
export async function migratedTemplate(pg: PgServer = envPg()): Promise<string> {
  const name = `messaging_host_tpl_${schemaFingerprint()}`
  await withTemplateLock(pg, () => ensureMigrated(pg, name))
  return name
}

async function ensureMigrated(pg: PgServer, name: string): Promise<void> {
  await ensureTemplate(pg, name, async (url) => {
    await runMedusa("db:migrate (template)", ["db:migrate"], {
      env: hostProcessEnv({ DATABASE_URL: url, MESSAGING_PLUGIN_OPTIONS: "{}" }),
      // minutes on a loaded machine; the hook waiting for it allows 15 (medusa-host.ts)
      timeoutMs: 840_000,
    })
    await truncatePluginTables(url)
  })
}

/** A fresh database `name`: a clone of the migrated template. Returns its URL. */
export async function cloneMigrated(name: string, pg: PgServer = envPg()): Promise<string> {
  const template = `messaging_host_tpl_${schemaFingerprint()}`
  return withTemplateLock(pg, async () => {
    await ensureMigrated(pg, template)
    return createDatabase(pg, name, template)
  })
}

/**
 * A template derived from the migrated one: built once by cloning it and running
 * `fill(url)` on the clone (e.g. seeding a shop), under the lock. Returns its name.
 */
export async function derivedTemplate(
  pg: PgServer,
  name: string,
  fill: (url: string) => Promise<void>
): Promise<string> {
  const base = `messaging_host_tpl_${schemaFingerprint()}`
  await withTemplateLock(pg, async () => {
    await ensureMigrated(pg, base)
    if (await databaseExists(pg, name)) return
    const building = `${name}_building`
    const url = await createDatabase(pg, building, base)
    await fill(url)
    await withClient(pg.url("postgres"), (c) => c.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`))
  })
  return name
}

/** A fresh database `name`, a clone of `template`, made under the lock (no clone races another). */
export async function cloneTemplate(pg: PgServer, name: string, template: string): Promise<string> {
  return withTemplateLock(pg, () => createDatabase(pg, name, template))
}
