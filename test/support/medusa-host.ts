/**
 * Boot the in-repo host app (integration-tests/host) with the plugin, through
 * @medusajs/test-utils, and give tests an authenticated admin client.
 */
import fs from "node:fs"
import path from "node:path"
import jwt from "jsonwebtoken"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { HOST_DIR, REPO_ROOT, assertPluginBuilt, linkPluginIntoHost } from "./host"
import { cloneMigrated, migratedTemplate } from "./templates"

export { HOST_DIR }

/**
 * Prepare the host before medusaIntegrationTestRunner boots it. Call at the top of a spec.
 * The runner reads medusa-config.ts before it applies its `env` option, so the plugin
 * options (and anything else the config reads) go into process.env here, first.
 */
export function prepareHost({
  withPlugin = true,
  pluginOptions = {},
  env = {},
}: { withPlugin?: boolean; pluginOptions?: Record<string, unknown>; env?: Record<string, string> } = {}): string {
  if (withPlugin) assertPluginBuilt()
  linkPluginIntoHost()
  Object.assign(
    process.env,
    hostEnv(pluginOptions, { MESSAGING_PLUGIN_DISABLED: withPlugin ? "false" : "true", ...env })
  )
  return HOST_DIR
}

let runners = 0

/** How long the first spec of a run may wait for the template database (built or being built). */
const TEMPLATE_BUILD_TIMEOUT_MS = 900_000

/**
 * medusaIntegrationTestRunner on the host app, with its database cloned from the migrated
 * template (test/support/templates.ts) instead of migrated from nothing: the runner then
 * finds every migration applied and the link tables in sync, and boots straight away.
 * Everything else is the runner's: one app per call, the database restored from its
 * snapshot before every test, dropped at the end. `migrate: "in-process"` (and a host
 * without the plugin) keeps the runner's own migration from an empty database.
 *
 * MESSAGING_TEST_TIMINGS=<file>: each boot appends `<spec> <how> <ms>` to that file, and
 * at the end of the spec `<spec> restores <ms> <tests>` (the runner's database restores
 * before its tests) and `<spec> tests <ms> <tests>` (the tests with their hooks).
 */
export function hostIntegrationTestRunner(
  options: Parameters<typeof medusaIntegrationTestRunner>[0] & { migrate?: "template" | "in-process" }
): void {
  const { migrate = "template", ...runnerOptions } = options
  const dbName =
    runnerOptions.dbName ?? `messaging-host-${process.pid}-${++runners}-${process.env.JEST_WORKER_ID ?? "1"}`
  const clone = migrate === "template" && process.env.MESSAGING_PLUGIN_DISABLED !== "true"
  let bootStarted = 0
  beforeAll(() => {
    bootStarted = Date.now()
  })
  // The first spec of a run builds the template (one `medusa db:migrate`; minutes on a
  // loaded machine, and a second worker waits for it on the lock): in a hook of its own,
  // so that it does not count against the spec's timeout for the boot.
  if (clone) beforeAll(() => migratedTemplate(), TEMPLATE_BUILD_TIMEOUT_MS)
  // Where a test's time goes: the runner's restore of the database before it, and the whole test.
  const phases = { tests: 0, restoreMs: 0, totalMs: 0, started: 0, restored: 0 }
  beforeEach(() => {
    phases.started = Date.now()
  })
  afterEach(() => {
    phases.tests++
    phases.restoreMs += phases.restored - phases.started
    phases.totalMs += Date.now() - phases.started
  })
  afterAll(() => {
    record("restores", phases.restoreMs, phases.tests)
    record("tests", phases.totalMs, phases.tests)
  })
  medusaIntegrationTestRunner({
    ...runnerOptions,
    dbName,
    hooks: {
      ...runnerOptions.hooks,
      beforeServerStart: async (container) => {
        if (clone) await cloneMigrated(dbName)
        await runnerOptions.hooks?.beforeServerStart?.(container)
      },
    },
    testSuite: (suite) => {
      beforeAll(() => record(clone ? "template" : "in-process", Date.now() - bootStarted))
      beforeEach(() => {
        phases.restored = Date.now()
      })
      runnerOptions.testSuite(suite)
    },
  })
}

function record(what: string, ms: number, tests?: number) {
  const file = process.env.MESSAGING_TEST_TIMINGS
  if (!file) return
  const spec = path.relative(REPO_ROOT, expect.getState().testPath ?? "?")
  fs.appendFileSync(file, `${spec} ${what} ${ms}${tests === undefined ? "" : ` ${tests}`}\n`)
}

/** The fake providers and SMTP sink listen on 127.0.0.1: tests allow it explicitly (plugin option allowed_hosts). */
export const TEST_ALLOWED_HOSTS = ["127.0.0.1"]

export function hostEnv(pluginOptions: Record<string, unknown> = {}, extra: Record<string, string> = {}) {
  return {
    MESSAGING_PLUGIN_OPTIONS: JSON.stringify({ allowed_hosts: TEST_ALLOWED_HOSTS, ...pluginOptions }),
    JWT_SECRET: "supersecret",
    COOKIE_SECRET: "supersecret",
    ...extra,
  }
}

/** Create an admin user and return headers carrying a JWT signed with the host's secret. */
export async function adminHeaders(container: MedusaContainer, email = "admin@medusa-test.com") {
  const userModule = container.resolve(Modules.USER)
  const authModule = container.resolve(Modules.AUTH)
  const existing = await userModule.listUsers({ email })
  const user = existing[0] ?? (await userModule.createUsers({ email, first_name: "Admin", last_name: "User" }))
  const identities = await authModule.listAuthIdentities({ app_metadata: { user_id: user.id } } as any)
  const identity =
    identities[0] ??
    (await authModule.createAuthIdentities({
      provider_identities: [{ provider: "emailpass", entity_id: email }],
      app_metadata: { user_id: user.id },
    }))
  const { projectConfig } = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  const token = jwt.sign(
    { actor_id: user.id, actor_type: "user", auth_identity_id: identity.id, app_metadata: { user_id: user.id } },
    projectConfig.http.jwtSecret as string,
    { expiresIn: "1d" }
  )
  return { headers: { authorization: `Bearer ${token}` }, user }
}
