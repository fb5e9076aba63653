/**
 * The Medusa processes of the benchmark, on the one process harness (test/support/proc.ts)
 * and in the one host app (integration-tests/host, BENCH_ROUTES=true): `medusa start`
 * shops and `medusa exec` workers (src/scripts/bench-worker.ts) driven over stdin/stdout.
 * Each process's output also goes to `<logDir>/<name>.log`.
 */
import path from "node:path"
import { type Proc, spawnMedusa, waitHealthy as waitForHealth } from "../../test/support/proc"

/** The bench's environment on top of ours (jest's or a profiler's NODE_OPTIONS never leak in). */
const benchEnv = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
  ...process.env,
  NODE_OPTIONS: "",
  BENCH_ROUTES: "true",
  ...env,
})

export function spawnBenchMedusa(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logDir: string,
  stdin = false
): Proc {
  return spawnMedusa(name, args, { env: benchEnv(env), logFile: path.join(logDir, `${name}.log`), stdin })
}

/** SIGTERM the process group, SIGKILL it after graceMs (0: SIGKILL at once). */
export async function stopProc(p: Proc, graceMs = 5000): Promise<void> {
  await p.stop(graceMs)
}

// ───────────────────────── medusa exec worker (bench-worker.ts) ─────────────────────────

export interface Worker {
  proc: Proc
  ready: Promise<{ pid: number; rss: number }>
  call<T = any>(cmd: string, args?: unknown): Promise<T>
  stop(): Promise<void>
}

export function startWorker(name: string, env: NodeJS.ProcessEnv, logDir: string): Worker {
  const proc = spawnBenchMedusa(name, ["exec", "./src/scripts/bench-worker.ts"], env, logDir, true)
  let nextId = 1
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>()
  let readyResolve!: (v: { pid: number; rss: number }) => void
  let readyReject!: (e: Error) => void
  const ready = new Promise<{ pid: number; rss: number }>((res, rej) => {
    readyResolve = res
    readyReject = rej
  })
  proc.onLine((line) => {
    const at = line.indexOf("BENCH_RPC ")
    if (at < 0) return
    const msg = JSON.parse(line.slice(at + "BENCH_RPC ".length))
    if (msg.type === "ready") readyResolve({ pid: msg.pid, rss: msg.rss })
    else if (msg.type === "result") {
      const p = pending.get(msg.id)
      pending.delete(msg.id)
      if (!p) return
      if (msg.ok) p.resolve(msg.result)
      else p.reject(new Error(`${name}: ${msg.error}`))
    }
  })
  void proc.exited.then((code) => {
    const err = new Error(`${name} exited (${code}):\n${proc.tail(30)}`)
    readyReject(err)
    for (const p of pending.values()) p.reject(err)
    pending.clear()
  })
  return {
    proc,
    ready,
    call(cmd, args) {
      const id = nextId++
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject })
        proc.child.stdin!.write(`${JSON.stringify({ id, cmd, args })}\n`)
      })
    },
    async stop() {
      if (proc.exitCode === null) {
        proc.child.stdin!.write(`${JSON.stringify({ id: 0, cmd: "exit" })}\n`)
        const t = setTimeout(() => void proc.stop(2000), 10_000)
        await proc.exited
        clearTimeout(t)
      }
    },
  }
}

// ───────────────────────── medusa start host ─────────────────────────

export interface Host {
  proc: Proc
  url: string
  port: number
}

export async function startHost(name: string, port: number, env: NodeJS.ProcessEnv, logDir: string): Promise<Host> {
  const proc = spawnBenchMedusa(name, ["start"], { ...env, PORT: String(port) }, logDir)
  return { proc, url: `http://localhost:${port}`, port }
}

export async function waitHealthy(host: Host, timeoutMs = 240_000): Promise<void> {
  await waitForHealth(`${host.url}/health`, host.proc, { timeoutMs })
}
