/**
 * The Medusa processes of the benchmark: `medusa db:migrate`, `medusa start` hosts and
 * `medusa exec` workers driven over stdin/stdout. Each child gets its own process group
 * so stopping it also stops whatever it forked; we only ever signal groups we started.
 */
import { spawn, type ChildProcess } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { REPO_ROOT } from "../../test/support/host"

export const BENCH_HOST_DIR = path.join(REPO_ROOT, "bench", "host")
export const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js", { paths: [REPO_ROOT] })

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

const started = new Set<ChildProcess>()

export interface Proc {
  name: string
  child: ChildProcess
  exited: Promise<number | string>
  tail(lines?: number): string
  onLine(fn: (line: string) => void): void
}

export function spawnMedusa(name: string, args: string[], env: NodeJS.ProcessEnv, logDir: string, stdin = false): Proc {
  const log = fs.createWriteStream(path.join(logDir, `${name}.log`), { flags: "a" })
  log.write(`$ medusa ${args.join(" ")}   (cwd ${BENCH_HOST_DIR})\n`)
  const child = spawn(process.execPath, [MEDUSA_CLI, ...args], {
    cwd: BENCH_HOST_DIR,
    env: { ...process.env, NODE_OPTIONS: "", ...env },
    detached: true,
    stdio: [stdin ? "pipe" : "ignore", "pipe", "pipe"],
  })
  started.add(child)
  let recent = ""
  let partial = ""
  const listeners: ((line: string) => void)[] = []
  const onData = (chunk: Buffer) => {
    const text = chunk.toString("utf8")
    log.write(text)
    recent = (recent + text).slice(-20_000)
  }
  child.stdout!.on("data", (chunk: Buffer) => {
    onData(chunk)
    partial += chunk.toString("utf8")
    const lines = partial.split("\n")
    partial = lines.pop() ?? ""
    for (const line of lines) for (const fn of listeners) fn(line)
  })
  child.stderr!.on("data", onData)
  const exited = new Promise<number | string>((resolve) => {
    child.once("error", (e) => resolve(`spawn error: ${e.message}`))
    child.once("close", (code, signal) => {
      started.delete(child)
      log.end(`\n[bench] exited with ${signal ?? code}\n`)
      resolve(signal ?? code ?? "unknown")
    })
  })
  return {
    name,
    child,
    exited,
    tail: (lines = 30) => recent.trimEnd().split(/\r?\n/).slice(-lines).join("\n"),
    onLine: (fn) => listeners.push(fn),
  }
}

/** Run a Medusa command to its end; throws with the output's tail on a non-zero exit. */
export async function runMedusa(name: string, args: string[], env: NodeJS.ProcessEnv, logDir: string, timeoutMs = 300_000): Promise<void> {
  const p = spawnMedusa(name, args, env, logDir)
  const timer = setTimeout(() => void stopProc(p, 1000), timeoutMs)
  const code = await p.exited
  clearTimeout(timer)
  if (code !== 0) throw new Error(`medusa ${args.join(" ")} failed (${code}):\n${p.tail()}`)
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (!child.pid) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    /* gone */
  }
}

/** SIGTERM the process group, SIGKILL it after graceMs. */
export async function stopProc(p: Proc, graceMs = 5000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return
  signalGroup(p.child, graceMs > 0 ? "SIGTERM" : "SIGKILL")
  const t = setTimeout(() => signalGroup(p.child, "SIGKILL"), graceMs)
  await p.exited
  clearTimeout(t)
  // whatever the leader forked
  signalGroup(p.child, "SIGKILL")
}

/** Last resort on exit: every group we started. */
export function killAllStarted(): void {
  for (const child of started) signalGroup(child, "SIGKILL")
}

// ───────────────────────── medusa exec worker (bench-worker.ts) ─────────────────────────

export interface Worker {
  proc: Proc
  ready: Promise<{ pid: number; rss: number }>
  call<T = any>(cmd: string, args?: unknown): Promise<T>
  stop(): Promise<void>
}

export function startWorker(name: string, env: NodeJS.ProcessEnv, logDir: string): Worker {
  const proc = spawnMedusa(name, ["exec", "./src/scripts/bench-worker.ts"], env, logDir, true)
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
    const err = new Error(`${name} exited (${code}):\n${proc.tail()}`)
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
      if (proc.child.exitCode === null && proc.child.signalCode === null) {
        proc.child.stdin!.write(`${JSON.stringify({ id: 0, cmd: "exit" })}\n`)
        const t = setTimeout(() => void stopProc(proc, 2000), 10_000)
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
  const proc = spawnMedusa(name, ["start"], { ...env, PORT: String(port) }, logDir)
  return { proc, url: `http://localhost:${port}`, port }
}

export async function waitHealthy(host: Host, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (host.proc.child.exitCode !== null) throw new Error(`${host.proc.name} exited:\n${host.proc.tail()}`)
    const ok = await fetch(`${host.url}/health`).then(
      (r) => r.ok,
      () => false
    )
    if (ok) return
    if (Date.now() > deadline) throw new Error(`${host.proc.name} did not answer /health in ${timeoutMs / 1000} s:\n${host.proc.tail()}`)
    await sleep(250)
  }
}
