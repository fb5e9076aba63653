/**
 * An embedded Postgres of its own that a test can restart (the reliability suite's
 * "Postgres restarted mid-dispatch"). The server runs in a child process
 * (pg-server.ts) with a data directory this handle owns: `restart()` stops it with a
 * fast shutdown (sessions terminated, like `pg_ctl stop -m fast`), keeps it down for a
 * moment, and starts the same cluster again on the same port. `destroy()` stops it and
 * removes the directory.
 */
import { spawn, type ChildProcess } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { freePort } from "./free-port"
import type { PostgresHandle } from "./postgres"
import { sleep } from "./wait"

const REPO_ROOT = path.resolve(__dirname, "../..")

export interface RestartablePostgres extends PostgresHandle {
  /** Where the cluster's data lives. */
  readonly dataDir: string
  /** Stop (fast shutdown), stay down for `downMs`, start the same cluster again. */
  restart(downMs?: number): Promise<void>
  /** Stop (if running) and remove the data directory. */
  destroy(): Promise<void>
}

function startServer(dataDir: string, port: number, log?: (line: string) => void): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", path.join(__dirname, "pg-server.ts"), dataDir, String(port)],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, NODE_OPTIONS: "", TS_NODE_PROJECT: path.join(REPO_ROOT, "tsconfig.json") },
        stdio: ["ignore", "pipe", "pipe"],
      }
    )
    let out = ""
    const onData = (d: Buffer) => {
      out += d.toString("utf8")
      log?.(d.toString("utf8"))
      if (out.includes("PG_READY")) resolve(child)
    }
    child.stdout!.on("data", onData)
    child.stderr!.on("data", onData)
    child.once("exit", (code) =>
      reject(new Error(`pg-server exited (${code}) before it was ready:\n${out.slice(-2000)}`))
    )
  })
}

function stopServer(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000)
    child.once("exit", () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill("SIGTERM")
  })
}

export async function startRestartablePostgres(
  opts: { log?: (line: string) => void } = {}
): Promise<RestartablePostgres> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "messaging-pg-restartable-"))
  const port = await freePort()
  let server: ChildProcess | null = null
  try {
    server = await startServer(dataDir, port, opts.log)
  } catch (e) {
    fs.rmSync(dataDir, { recursive: true, force: true })
    throw e
  }
  const user = "postgres"
  const password = "postgres"
  const stop = async () => {
    const s = server
    server = null
    await stopServer(s)
  }
  return {
    // "localhost", not 127.0.0.1: @medusajs/test-utils turns SSL on for any other host name.
    host: "localhost",
    port,
    user,
    password,
    embedded: true,
    dataDir,
    url: (db) => `postgres://${user}:${password}@localhost:${port}/${db}`,
    stop,
    async restart(downMs = 1000) {
      await stop()
      await sleep(downMs)
      server = await startServer(dataDir, port, opts.log)
    },
    async destroy() {
      await stop().catch(() => undefined)
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
