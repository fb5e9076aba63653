/**
 * A production build of the admin for the browser tests, served by Medusa itself.
 *
 * Medusa serves a built admin from `<project>/public/admin`, and `medusa build` of the
 * test host would write over the plugin's own `.medusa/server` (the host's tsconfig
 * extends the repository's). So the tests run Medusa from a small shim project in
 * `.tmp/e2e-host` whose medusa-config is the test host's: `medusa build --admin-only`
 * there, the result moved to `public/admin`. The plugin comes from a private snapshot of
 * the build (plugin-snapshot.ts). The build (about a minute) is reused while
 * the plugin's built admin extensions and the dashboard version stay the same.
 *
 * Vite's dev server (`medusa develop`) is not used: it re-optimizes dependencies on first
 * visits and answers "504 Outdated Optimize Dep" to pages already loading.
 */
import crypto from "node:crypto"
import fs from "node:fs"
import path from "node:path"
import { REPO_ROOT } from "../support/host"
import { runMedusa } from "../support/proc"
import { PLUGIN_SNAPSHOT_DIR } from "./plugin-snapshot"

export const ADMIN_HOST_DIR = path.join(REPO_ROOT, ".tmp", "e2e-host")

const FILES: Record<string, string> = {
  "medusa-config.ts":
    "// The browser tests' host: the test host's configuration, run from this directory so that\n" +
    "// Medusa serves the production admin build in ./public/admin (see test/e2e/admin-host.ts).\n" +
    'module.exports = require("../../integration-tests/host/medusa-config")\n',
  "package.json": JSON.stringify(
    {
      name: "messaging-e2e-host",
      private: true,
      version: "0.0.0",
      dependencies: {
        "@medusajs/medusa": "2.21.2",
        "@medusajs/cli": "2.21.2",
        "medusa-plugin-messaging": "file:../..",
      },
    },
    null,
    2
  ),
  "tsconfig.json": JSON.stringify(
    {
      compilerOptions: {
        target: "ES2021",
        module: "Node16",
        moduleResolution: "Node16",
        esModuleInterop: true,
        skipLibCheck: true,
        outDir: "./.medusa/server",
        rootDir: ".",
      },
      include: ["medusa-config.ts"],
    },
    null,
    2
  ),
}

/** What the admin build depends on: the plugin's built admin extensions and the dashboard. */
function buildKey(): string {
  const hash = crypto.createHash("sha256")
  const adminDir = path.join(PLUGIN_SNAPSHOT_DIR, ".medusa", "server", "src", "admin")
  for (const file of ["index.mjs", "index.js"]) {
    const p = path.join(adminDir, file)
    if (!fs.existsSync(p)) throw new Error(`${p} is missing: snapshot the plugin build first`)
    hash.update(fs.readFileSync(p))
  }
  const chunks = path.join(adminDir, "_chunks")
  if (fs.existsSync(chunks))
    for (const f of fs.readdirSync(chunks).sort()) hash.update(fs.readFileSync(path.join(chunks, f)))
  hash.update("tailwind-node-path")
  for (const pkg of ["@medusajs/dashboard", "@medusajs/admin-bundler", "@medusajs/ui"]) {
    hash.update(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", pkg, "package.json"), "utf8")).version)
  }
  return hash.digest("hex")
}

/** The shim project; its `medusa-plugin-messaging` is the snapshot of the build. */
export function createAdminHost(): string {
  const dir = ADMIN_HOST_DIR
  fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true })
  for (const [name, content] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, name), content)
  const link = path.join(dir, "node_modules", "medusa-plugin-messaging")
  fs.rmSync(link, { force: true, recursive: true })
  fs.symlinkSync(path.relative(path.dirname(link), PLUGIN_SNAPSHOT_DIR), link, "dir")
  return dir
}

/** Build the admin into the shim's public/admin unless the last build is still current. */
export async function buildAdmin(opts: {
  logFile: string
  env: NodeJS.ProcessEnv
  log: (line: string) => void
  force?: boolean
}): Promise<void> {
  const dir = ADMIN_HOST_DIR
  const key = buildKey()
  const keyFile = path.join(dir, "public", "admin", ".build-key")
  if (!opts.force && fs.existsSync(keyFile) && fs.readFileSync(keyFile, "utf8") === key) {
    opts.log("admin build is current (reused)")
    return
  }
  opts.log("building the admin for production (medusa build --admin-only, about a minute)")
  fs.rmSync(path.join(dir, ".medusa", "admin"), { recursive: true, force: true })
  await runMedusa("admin build", ["build", "--admin-only", "--no-lint"], {
    cwd: dir,
    // The admin bundler require.resolve()s each plugin's admin from its own location to let
    // Tailwind see the plugin's classes; from the repository's node_modules the plugin (the
    // repository itself) is not found, so NODE_PATH points at the shim's node_modules.
    env: {
      ...opts.env,
      MEDUSA_ADMIN_DISABLE: "false",
      MEDUSA_BACKEND_URL: "",
      NODE_PATH: path.join(dir, "node_modules"),
    },
    logFile: opts.logFile,
  })
  const built = path.join(dir, ".medusa", "admin")
  if (!fs.existsSync(path.join(built, "index.html")))
    throw new Error(`the admin build wrote no ${built}/index.html (see ${opts.logFile})`)
  fs.rmSync(path.join(dir, "public", "admin"), { recursive: true, force: true })
  fs.mkdirSync(path.join(dir, "public"), { recursive: true })
  fs.renameSync(built, path.join(dir, "public", "admin"))
  fs.writeFileSync(keyFile, key)
}
