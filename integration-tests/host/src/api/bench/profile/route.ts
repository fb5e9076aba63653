/**
 * POST /bench/profile { action: "start" | "stop", file? } — a V8 CPU profile of this
 * process between start and stop, written to `file`, and the SQL statements sent through
 * the app's shared Postgres connection meanwhile (used with BENCH_PROFILE_DIR to see
 * what the plugin's per-order work consists of). For `npm run bench`: answers 404 unless
 * the host runs with BENCH_ROUTES=true.
 */
import fs from "node:fs"
import inspector from "node:inspector"
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

let session: inspector.Session | null = null
/** SQL statements sent through the app's shared connection between start and stop, by kind. */
let queries: Record<string, number> | null = null
let onQuery: ((q: { sql?: string }) => void) | null = null

const post = (s: inspector.Session, method: string, params: object = {}) =>
  new Promise<any>((resolve, reject) => s.post(method, params, (err, res) => (err ? reject(err) : resolve(res))))

export async function POST(req: MedusaRequest<{ action: "start" | "stop"; file?: string }>, res: MedusaResponse) {
  if (process.env.BENCH_ROUTES !== "true") {
    res.status(404).json({ message: "bench routes are off (BENCH_ROUTES=true turns them on)" })
    return
  }
  const { action, file } = req.body as { action: "start" | "stop"; file?: string }
  const knex = req.scope.resolve(ContainerRegistrationKeys.PG_CONNECTION) as {
    on: (event: "query", listener: (q: { sql?: string }) => void) => void
    removeListener: (event: "query", listener: (q: { sql?: string }) => void) => void
  }
  if (action === "start") {
    queries = {}
    onQuery = (q) => {
      const sql = (q.sql ?? "").trim().toLowerCase()
      const table = /(?:from|into|update)\s+"?([a-z_]+)"?/.exec(sql)?.[1] ?? "?"
      const key = `${sql.split(/\s+/)[0]} ${table}`
      queries![key] = (queries![key] ?? 0) + 1
    }
    knex.on("query", onQuery)
    session?.disconnect()
    session = new inspector.Session()
    session.connect()
    await post(session, "Profiler.enable")
    await post(session, "Profiler.setSamplingInterval", { interval: 500 })
    await post(session, "Profiler.start")
    res.json({ started: true })
    return
  }
  if (!session) {
    res.status(400).json({ message: "no profile running" })
    return
  }
  const { profile } = await post(session, "Profiler.stop")
  session.disconnect()
  session = null
  if (onQuery) knex.removeListener("query", onQuery)
  onQuery = null
  if (file) fs.writeFileSync(file, JSON.stringify(profile))
  res.json({ file: file ?? null, queries })
}
