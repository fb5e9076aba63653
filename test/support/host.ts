import fs from "node:fs"
import path from "node:path"

export const REPO_ROOT = path.resolve(__dirname, "../..")
export const HOST_DIR = path.join(REPO_ROOT, "integration-tests", "host")

/**
 * Make `medusa-plugin-messaging` resolvable from the host the way `npm install` would:
 * host/node_modules/medusa-plugin-messaging → the repository (its package.json exports
 * point at the built .medusa/server). Everything else resolves from the repository's
 * node_modules, so there is one copy of @medusajs/framework.
 */
export function linkPluginIntoHost(hostDir = HOST_DIR): void {
  const dir = path.join(hostDir, "node_modules")
  const link = path.join(dir, "medusa-plugin-messaging")
  fs.mkdirSync(dir, { recursive: true })
  try {
    const current = fs.readlinkSync(link)
    if (path.resolve(dir, current) === REPO_ROOT) return
    fs.rmSync(link, { force: true, recursive: true })
  } catch {
    // not a link yet
  }
  fs.symlinkSync(path.relative(dir, REPO_ROOT), link, "dir")
}

/** The plugin must be built (medusa plugin:build) before a host can load it. */
export function assertPluginBuilt(): void {
  const marker = path.join(REPO_ROOT, ".medusa", "server", "src", "modules", "messaging", "index.js")
  if (!fs.existsSync(marker)) {
    throw new Error(
      `The plugin is not built (${marker} is missing). Run "npm run build" first — "npm test" does it for you.`
    )
  }
}
