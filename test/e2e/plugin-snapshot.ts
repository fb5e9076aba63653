/**
 * A private copy of the built plugin for the browser tests (`.tmp/e2e-plugin`): a build
 * started in the same checkout meanwhile (`npm test`, another engineer) deletes and
 * rewrites `.medusa/server`, which must not pull the rug from under a running shop.
 * The e2e host's `node_modules/medusa-plugin-messaging` points at this copy; its own
 * dependencies still resolve from the repository's node_modules (one @medusajs/framework).
 */
import crypto from "node:crypto"
import fs from "node:fs"
import path from "node:path"
import { REPO_ROOT } from "../support/host"
import { sleep } from "../support/wait"

export const PLUGIN_SNAPSHOT_DIR = path.join(REPO_ROOT, ".tmp", "e2e-plugin")
const BUILD = path.join(REPO_ROOT, ".medusa", "server")
const MARKERS = ["src/modules/messaging/index.js", "src/admin/index.mjs", "src/api/middlewares.js"]

function listing(dir: string): string {
  const hash = crypto.createHash("sha256")
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, entry.name)
      if (entry.isDirectory()) walk(p)
      else hash.update(`${path.relative(dir, p)}:${fs.statSync(p).size}:${fs.statSync(p).mtimeMs}\n`)
    }
  }
  walk(dir)
  return hash.digest("hex")
}

function complete(dir: string): boolean {
  return MARKERS.every((m) => fs.existsSync(path.join(dir, m)))
}

/** Remove the copy (its package.json would collide with the repository's in jest's haste map). */
export function removePluginSnapshot(): void {
  fs.rmSync(PLUGIN_SNAPSHOT_DIR, { recursive: true, force: true })
}

/** Copy `.medusa/server` once it is complete and did not change while being copied. */
export async function snapshotPlugin(timeoutMs = 180_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      if (complete(BUILD)) {
        const before = listing(BUILD)
        const target = path.join(PLUGIN_SNAPSHOT_DIR, ".medusa", "server")
        fs.rmSync(PLUGIN_SNAPSHOT_DIR, { recursive: true, force: true })
        fs.mkdirSync(path.dirname(target), { recursive: true })
        fs.cpSync(BUILD, target, { recursive: true })
        fs.copyFileSync(path.join(REPO_ROOT, "package.json"), path.join(PLUGIN_SNAPSHOT_DIR, "package.json"))
        if (complete(target) && listing(BUILD) === before) return PLUGIN_SNAPSHOT_DIR
      }
    } catch {
      // the build was replaced while we looked at it: try again
    }
    if (Date.now() > deadline)
      throw new Error(`no complete plugin build in ${BUILD}: run "npm run build" and look for errors`)
    await sleep(1_000)
  }
}
