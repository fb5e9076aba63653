/** Preparing a run: the plugin build, the host link, the migrated template database. */
import fs from "node:fs"
import path from "node:path"
import { REPO_ROOT, linkPluginIntoHost } from "../../test/support/host"
import { runToEnd, spawnProcess, MEDUSA_CLI } from "../../test/support/proc"
import { sleep } from "../../test/support/wait"
import { spawnBenchMedusa } from "./proc"

const BUILD_MARKER = path.join(REPO_ROOT, ".medusa", "server", "src", "modules", "messaging", "index.js")

/** Newest modification time of the plugin's source (tests excluded: they are not built). */
function newestSource(dir = path.join(REPO_ROOT, "src")): number {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "__tests__") continue
    const p = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs)
  }
  return newest
}

/**
 * Build the plugin (`medusa plugin:build`) when .medusa/server is missing or older than
 * src/. If it is missing, someone else may be building right now: wait a little first.
 * Returns what was done.
 */
export async function ensurePluginBuilt(log: (s: string) => void): Promise<string> {
  if (!fs.existsSync(BUILD_MARKER)) {
    for (let i = 0; i < 30 && !fs.existsSync(BUILD_MARKER); i++) await sleep(1000)
  }
  if (fs.existsSync(BUILD_MARKER) && fs.statSync(BUILD_MARKER).mtimeMs >= newestSource()) return "up to date"
  log("building the plugin (medusa plugin:build)…")
  const started = Date.now()
  await runToEnd(
    spawnProcess("plugin:build", process.execPath, [MEDUSA_CLI, "plugin:build"], {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_OPTIONS: "" },
    })
  )
  // a concurrent build by someone else may remove .medusa/server for a moment
  for (let i = 0; i < 60 && !fs.existsSync(BUILD_MARKER); i++) await sleep(1000)
  return `built in ${((Date.now() - started) / 1000).toFixed(1)} s`
}

/** node_modules/medusa-plugin-messaging in the host → the repository (like npm install would). */
export function linkBenchHost(): void {
  linkPluginIntoHost()
}

/** `medusa db:migrate` of the host (with the plugin) into DATABASE_URL. */
export async function migrate(databaseUrl: string, env: NodeJS.ProcessEnv, logDir: string): Promise<void> {
  await runToEnd(spawnBenchMedusa("db-migrate", ["db:migrate"], { ...env, DATABASE_URL: databaseUrl }, logDir), 300_000)
}
