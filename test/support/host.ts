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
    if (path.resolve(dir, fs.readlinkSync(link)) === REPO_ROOT) return
  } catch {
    // not a link yet
  }
  // Two jest workers may get here at once: make the link under a private name and rename
  // it over the old one (atomic), so that neither sees a missing or half-made link.
  const temp = `${link}.${process.pid}.tmp`
  fs.rmSync(temp, { force: true, recursive: true })
  fs.symlinkSync(path.relative(dir, REPO_ROOT), temp, "dir")
  try {
    fs.renameSync(temp, link)
  } catch {
    // a directory (not a link) in the way: rename cannot replace it
    fs.rmSync(link, { force: true, recursive: true })
    fs.renameSync(temp, link)
  }
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
