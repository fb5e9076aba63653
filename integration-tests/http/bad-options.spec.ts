import { createDatabase, dropDatabase, envPg, query } from "../../test/support/db"
import { freePort } from "../../test/support/free-port"
import { prepareHost } from "../../test/support/medusa-host"
import * as models from "../../src/modules/messaging/models"
import { hostProcessEnv, runMedusa, spawnMedusa, waitHealthy } from "../../test/support/proc"

jest.setTimeout(180_000)

const DB_NAME = "messaging_cli_host"
const dbUrl = (db: string) => envPg().url(db)

/**
 * Start the host with `medusa start` and collect its output until it exits, or until
 * it answers GET /health (then it is stopped and `ready` is true).
 */
async function startHost(_cwd: string, pluginOptions: unknown) {
  const port = await freePort()
  const host = spawnMedusa("medusa start", ["start"], {
    env: hostProcessEnv({
      PORT: String(port),
      DATABASE_URL: dbUrl(DB_NAME),
      MESSAGING_PLUGIN_OPTIONS: JSON.stringify(pluginOptions),
    }),
  })
  const ready = await waitHealthy(`http://localhost:${port}/health`, host, { timeoutMs: 150_000 }).then(
    () => true,
    () => false
  )
  await host.stop(10_000)
  return { code: host.exitCode, output: host.output(), ready }
}

describe("the medusa CLI in a shop with the plugin", () => {
  const cwd = prepareHost()

  beforeAll(async () => {
    await createDatabase(envPg(), DB_NAME)
  })

  afterAll(async () => {
    await dropDatabase(envPg(), DB_NAME)
  })

  it("`medusa db:migrate` applies the plugin's migrations", async () => {
    // throws with the output unless `medusa db:migrate` exits 0
    await runMedusa("db:migrate", ["db:migrate"], {
      env: hostProcessEnv({ DATABASE_URL: dbUrl(DB_NAME), MESSAGING_PLUGIN_OPTIONS: "{}" }),
      timeoutMs: 170_000,
    })
    const rows = await query(
      dbUrl(DB_NAME),
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name LIKE 'messaging_%'`
    )
    const mig = await query(
      dbUrl(DB_NAME),
      `SELECT count(*)::int AS n FROM mikro_orm_migrations WHERE name LIKE 'Migration%'`
    ).catch(() => [{ n: -1 }])
    // one table per DML model
    expect(rows[0].n).toBe(Object.keys(models).length)
    expect(mig[0].n).not.toBe(0)
  })

  it("stops start-up with a message naming every bad option", async () => {
    const { code, output, ready } = await startHost(cwd, {
      accounts: [{ key: "main", type: "bsg", credentials: { api_key: "" } }],
      defaults: { time_zone: "Nowhere/Land" },
    })
    expect(ready).toBe(false)
    expect(code).not.toBe(0)
    expect(output).toContain("medusa-plugin-messaging: invalid plugin options")
    expect(output).toContain("accounts[0].credentials.api_key")
    expect(output).toContain("defaults.time_zone")
  })

  it("starts normally with valid options (the same host, the same command)", async () => {
    const { output, ready } = await startHost(cwd, {
      accounts: [{ key: "main", type: "sandbox" }],
      defaults: { time_zone: "Europe/Kyiv" },
    })
    expect(output).not.toContain("invalid plugin options")
    if (!ready) throw new Error(`the host did not start:\n${output.slice(-3000)}`)
  })
})
