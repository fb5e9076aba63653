import { spawn, spawnSync } from "node:child_process"
import { Client } from "@medusajs/framework/pg"
import path from "node:path"
import { freePort } from "../../test/support/free-port"
import { prepareHost } from "../../test/support/medusa-host"
import * as models from "../../src/modules/messaging/models"

jest.setTimeout(180_000)

/**
 * Start the host with `medusa start` and collect its output until it exits, or until
 * it answers GET /health (then it is stopped and `ready` is true).
 */
const DB_NAME = "messaging_cli_host"
const dbUrl = (db: string) => {
  const { DB_USERNAME, DB_PASSWORD, DB_HOST, DB_PORT } = process.env
  return `postgres://${DB_USERNAME}:${DB_PASSWORD}@${DB_HOST}:${DB_PORT}/${db}`
}

async function startHost(cwd: string, pluginOptions: unknown) {
  const port = await freePort()
  return new Promise<{ code: number | null; output: string; ready: boolean }>((resolve) => {
    const bin = path.resolve(cwd, "../../node_modules/.bin/medusa")
    const child = spawn(bin, ["start"], {
      cwd,
      env: {
        ...process.env,
        NODE_OPTIONS: "",
        NODE_ENV: "production",
        PORT: String(port),
        DATABASE_URL: dbUrl(DB_NAME),
        MESSAGING_PLUGIN_OPTIONS: JSON.stringify(pluginOptions),
      },
    })
    let output = ""
    let ready = false
    const onData = (d: Buffer) => (output += d)
    child.stdout.on("data", onData)
    child.stderr.on("data", onData)
    const poll = setInterval(async () => {
      const ok = await fetch(`http://localhost:${port}/health`).then((r) => r.ok, () => false)
      if (ok && !ready) {
        ready = true
        child.kill("SIGTERM")
      }
    }, 500)
    const timer = setTimeout(() => child.kill("SIGKILL"), 150_000)
    child.on("exit", (code) => {
      clearTimeout(timer)
      clearInterval(poll)
      resolve({ code, output, ready })
    })
  })
}

describe("the medusa CLI in a shop with the plugin", () => {
  const cwd = prepareHost()

  beforeAll(async () => {
    const admin = new Client({ connectionString: dbUrl("postgres") })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME}`)
    await admin.query(`CREATE DATABASE ${DB_NAME}`)
    await admin.end()
  })

  afterAll(async () => {
    const admin = new Client({ connectionString: dbUrl("postgres") })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`)
    await admin.end()
  })

  it("`medusa db:migrate` applies the plugin's migrations", async () => {
    const res = spawnSync(path.resolve(cwd, "../../node_modules/.bin/medusa"), ["db:migrate"], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, NODE_OPTIONS: "", NODE_ENV: "production", DATABASE_URL: dbUrl(DB_NAME), MESSAGING_PLUGIN_OPTIONS: "{}" },
    })
    expect(res.status).toBe(0)
    const db = new Client({ connectionString: dbUrl(DB_NAME) })
    await db.connect()
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name LIKE 'messaging_%'`)
    const mig = await db.query(`SELECT count(*)::int AS n FROM mikro_orm_migrations WHERE name LIKE 'Migration%'`).catch(() => ({ rows: [{ n: -1 }] }))
    await db.end()
    // one table per DML model
    expect(rows[0].n).toBe(Object.keys(models).length)
    expect(mig.rows[0].n).not.toBe(0)
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
