/**
 * The demo's shop: the log directory, the HTTP port, Medusa CLI steps in the host app,
 * waiting for Medusa and its admin, and for the messages an order sends.
 */
import fs from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import axios from "axios"
import { freePort } from "../../test/support/free-port"
import { REPO_ROOT } from "../../test/support/host"
import { type Proc, ProcError, runMedusa, waitHealthy } from "../../test/support/proc"
import type { ShopSeed } from "../../test/support/seed-shop"
import { sleep } from "../../test/support/wait"
import { receivedCount, type Fakes } from "./fakes"
import { Aborted, isShuttingDown } from "./lifecycle"
import { readOutbox, type OutboxRow } from "./outbox"
import { dim } from "./ui"

export const ADMIN_EMAIL = "admin@example.com"
export const ADMIN_PASSWORD = "supersecret"
const HEALTH_TIMEOUT_MS = 240_000
/** After the first message, wait this long for no new ones before printing. */
const MESSAGE_SETTLE_MS = 3_000
/** Present once `medusa plugin:build` has written the module (what the host loads). */
export const BUILD_MARKER = path.join(REPO_ROOT, ".medusa", "server", "src", "modules", "messaging", "migrations")

/** A message for people: printed without a stack. */
export class StepError extends ProcError {}

export function makeLogDir(): string {
  const root = path.join(os.tmpdir(), "messaging-demo-logs")
  fs.mkdirSync(root, { recursive: true })
  // Keep the logs of the last few runs only.
  const old = fs
    .readdirSync(root)
    .filter((d) => /^\d{8}-\d{6}/.test(d))
    .sort()
  for (const d of old.slice(0, Math.max(0, old.length - 4)))
    fs.rmSync(path.join(root, d), { recursive: true, force: true })
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15)
  const dir = path.join(root, `${stamp}-${process.pid}`)
  fs.mkdirSync(dir, { recursive: true })
  return dir
}

function portIsFree(port: number): Promise<boolean> {
  // Listen the way Medusa does (all interfaces) to see whether it could.
  return new Promise((resolve) => {
    const s = net.createServer()
    s.unref()
    s.once("error", () => resolve(false))
    s.listen(port, () => s.close(() => resolve(true)))
  })
}

export async function choosePort(wanted: number | null): Promise<number> {
  if (wanted !== null) {
    if (!(await portIsFree(wanted))) throw new StepError(`port ${wanted} is in use; choose another one with --port`)
    return wanted
  }
  if (await portIsFree(9000)) return 9000
  for (let i = 0; i < 20; i++) {
    const p = await freePort()
    if (await portIsFree(p)) return p
  }
  throw new StepError("could not find a free TCP port")
}

/** `medusa <args>` in the host app to its end, output to `logFile` (and echoed with --verbose). */
export function medusa(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  verbose: boolean
): Promise<string> {
  return runMedusa(name, args, { env, logFile, echo: verbose, echoPrefix: dim(`  [${name}] `) })
}

export async function waitForHealth(baseUrl: string, server: Proc, logFile: string): Promise<void> {
  try {
    await waitHealthy(`${baseUrl}/health`, server, {
      timeoutMs: HEALTH_TIMEOUT_MS,
      aborted: isShuttingDown,
      // `medusa develop` keeps running (waiting for file changes) when the server it forked fails.
      failed: (output) => {
        const at = output.lastIndexOf("Error starting server")
        return at === -1 ? null : `${output.slice(at).split("\n").slice(0, 30).join("\n")}\n(full log: ${logFile})`
      },
    })
  } catch (e) {
    if (isShuttingDown()) throw new Aborted()
    throw new StepError(`${(e as Error).message}\n(Medusa's log: ${logFile})`)
  }
}

export async function checkAdmin(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 90_000
  let last = ""
  for (;;) {
    if (isShuttingDown()) throw new Aborted()
    try {
      const res = await axios.get(`${baseUrl}/app`, {
        timeout: 30_000,
        validateStatus: () => true,
        responseType: "text",
        maxRedirects: 5,
      })
      if (res.status === 200 && /<html/i.test(String(res.data))) break
      last = `HTTP ${res.status}`
    } catch (e: any) {
      last = e?.message ?? String(e)
    }
    if (Date.now() > deadline) throw new StepError(`the admin at ${baseUrl}/app does not answer (${last})`)
    await sleep(1_000)
  }
  // What the admin's login form does.
  const res = await axios.post(
    `${baseUrl}/auth/user/emailpass`,
    { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    { timeout: 30_000, validateStatus: () => true }
  )
  if (res.status !== 200 || typeof res.data?.token !== "string") {
    throw new StepError(
      `the admin login ${ADMIN_EMAIL} / ${ADMIN_PASSWORD} does not work: HTTP ${res.status} ${JSON.stringify(res.data)}`
    )
  }
}

/** Wait until the build output is there and has not changed for 3 s (max 2 min). */
export async function waitForBuildOutput(): Promise<void> {
  const deadline = Date.now() + 120_000
  let last = ""
  let stableSince = Date.now()
  while (Date.now() < deadline) {
    if (isShuttingDown()) throw new Aborted()
    let now = "missing"
    try {
      now = fs.readdirSync(BUILD_MARKER).sort().join(",") + String(fs.statSync(BUILD_MARKER).mtimeMs)
    } catch {
      /* not there (yet) */
    }
    if (now !== last) {
      last = now
      stableSince = Date.now()
    } else if (now !== "missing" && Date.now() - stableSince >= 3_000) return
    await sleep(500)
  }
  throw new StepError(`the plugin build output ${BUILD_MARKER} is missing; run "npm run build" and look for errors`)
}

/** The first distinct error lines of a Medusa log (for "why no messages"). */
export function firstErrors(logFile: string, max = 5): string[] {
  let text = ""
  try {
    text = fs.readFileSync(logFile, "utf8")
  } catch {
    return []
  }
  const seen = new Set<string>()
  for (const line of text.split(/\r?\n/)) {
    const m = /^error:\s+(.*)$/.exec(line.trim())
    if (m && !seen.has(m[1])) seen.add(m[1])
    if (seen.size >= max) break
  }
  return [...seen].map((l) => (l.length > 240 ? l.slice(0, 240) + "…" : l))
}

/** The `SEED_RESULT {json}` line of src/scripts/seed-demo.ts. */
export function parseSeed(output: string): ShopSeed {
  const line = output.split(/\r?\n/).find((l) => l.includes("SEED_RESULT "))
  if (!line) throw new StepError("the seed script printed no SEED_RESULT line")
  return JSON.parse(line.slice(line.indexOf("SEED_RESULT ") + "SEED_RESULT ".length)) as ShopSeed
}

/** Wait until messages arrive and stop arriving (or the time is up). */
export async function waitForMessages(
  fakes: Fakes,
  timeoutMs: number
): Promise<{ count: number; firstAt: number | null }> {
  const deadline = Date.now() + timeoutMs
  let count = receivedCount(fakes)
  let firstAt = count > 0 ? Date.now() : null
  let lastChange = Date.now()
  while (Date.now() < deadline) {
    if (isShuttingDown()) throw new Aborted()
    const now = receivedCount(fakes)
    if (now !== count) {
      count = now
      lastChange = Date.now()
      firstAt ??= lastChange
    }
    if (count > 0 && Date.now() - lastChange >= MESSAGE_SETTLE_MS) break
    await sleep(100)
  }
  return { count, firstAt }
}

export async function outboxOrNull(url: string): Promise<OutboxRow[] | null> {
  try {
    return await readOutbox(url)
  } catch {
    return null
  }
}
