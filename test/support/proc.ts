/**
 * The one process harness of the tests, the bench, the demo and the browser tests:
 * spawn a child (usually the Medusa CLI in the host app), keep its output (for
 * assertions, parsing and error messages; optionally also in a log file or echoed),
 * wait for it to be ready (GET /health) or to finish, stop it (SIGTERM, then SIGKILL) or
 * kill it outright.
 *
 * Every child gets its own process group (`detached`), so a signal reaches whatever it
 * forked (`medusa develop` forks the server, the CLI may fork workers); we only ever
 * signal groups we started.
 */
import { spawn, type ChildProcess } from "node:child_process"
import fs from "node:fs"
import { HOST_DIR, REPO_ROOT } from "./host"
import { sleep } from "./wait"

export const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js", { paths: [REPO_ROOT] })

export interface SpawnOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Output is appended to this file too. */
  logFile?: string
  /** Also copy the output to our stdout, each line prefixed. */
  echo?: boolean
  echoPrefix?: string
  /** Give the child a stdin pipe (`proc.child.stdin`), e.g. for a worker driven line by line. */
  stdin?: boolean
}

export interface Proc {
  name: string
  pid: number
  child: ChildProcess
  /** Resolves with the exit code (or the signal name) once the leader has exited. */
  exited: Promise<number | string>
  /** Exit code or signal name; null while running. */
  readonly exitCode: number | string | null
  /** Everything it printed so far (stdout and stderr interleaved). */
  output(): string
  tail(lines?: number): string
  /** Called with every complete line of stdout. */
  onLine(fn: (line: string) => void): void
  /** Signal the whole process group (default SIGTERM). */
  kill(signal?: NodeJS.Signals): void
  /** SIGTERM the group, SIGKILL whatever is left after `graceMs`; resolves when the group is gone. */
  stop(graceMs?: number): Promise<void>
}

/** Every process group started here and not yet seen gone. */
const live = new Map<number, Proc>()

export function liveProcs(): Proc[] {
  return [...live.values()]
}

export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch (e: any) {
    return e?.code === "EPERM"
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e: any) {
    return e?.code === "EPERM"
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals) {
  if (pgid <= 0) return
  try {
    process.kill(-pgid, signal)
  } catch {
    /* already gone */
  }
}

async function waitGroupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) return false
    await sleep(100)
  }
  return true
}

export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "")
}

export function indent(text: string, by = "    "): string {
  return text
    .split("\n")
    .map((l) => by + l)
    .join("\n")
}

export function spawnProcess(name: string, command: string, args: string[], opts: SpawnOptions = {}): Proc {
  const log = opts.logFile ? fs.createWriteStream(opts.logFile, { flags: "a" }) : null
  log?.on("error", () => undefined)
  log?.write(`\n$ ${[command, ...args].join(" ")}   (cwd ${opts.cwd ?? process.cwd()})\n`)
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    detached: true,
    stdio: [opts.stdin ? "pipe" : "ignore", "pipe", "pipe"],
  })
  const chunks: string[] = []
  const listeners: ((line: string) => void)[] = []
  let partial = ""
  const onData = (chunk: Buffer) => {
    const text = chunk.toString("utf8")
    chunks.push(text)
    log?.write(stripAnsi(text))
    if (opts.echo) {
      const prefix = opts.echoPrefix ?? `[${name}] `
      process.stdout.write(
        text
          .split(/\r?\n/)
          .filter((l, i, all) => l !== "" || i < all.length - 1)
          .map((l) => prefix + l + "\n")
          .join("")
      )
    }
  }
  child.stdout!.on("data", (chunk: Buffer) => {
    onData(chunk)
    partial += chunk.toString("utf8")
    const lines = partial.split("\n")
    partial = lines.pop() ?? ""
    for (const line of lines) for (const fn of listeners) fn(line)
  })
  child.stderr!.on("data", onData)
  let exitCode: number | string | null = null
  const exited = new Promise<number | string>((resolve) => {
    child.once("error", (e) => {
      chunks.push(`\n[${name}] could not start ${command}: ${e.message}\n`)
      log?.write(`\n[${name}] could not start ${command}: ${e.message}\n`)
      exitCode = "spawn-error"
      resolve(exitCode)
    })
    child.once("close", (code, signal) => {
      exitCode = signal ?? code ?? "unknown"
      log?.end(`\n[${name}] exited with ${exitCode}\n`)
      resolve(exitCode)
    })
  })
  const pid = child.pid ?? -1
  const proc: Proc = {
    name,
    pid,
    child,
    exited,
    get exitCode() {
      return exitCode
    },
    output: () => chunks.join(""),
    tail: (lines = 40) => stripAnsi(chunks.join("")).trimEnd().split(/\r?\n/).slice(-lines).join("\n"),
    onLine: (fn) => void listeners.push(fn),
    kill: (signal = "SIGTERM") => signalGroup(pid, signal),
    async stop(graceMs = 10_000) {
      if (pid > 0 && groupAlive(pid)) {
        signalGroup(pid, graceMs > 0 ? "SIGTERM" : "SIGKILL")
        const gone = await Promise.race([
          exited.then(() => waitGroupGone(pid, graceMs)),
          sleep(graceMs).then(() => false),
        ])
        if (!gone) signalGroup(pid, "SIGKILL")
      }
      if (exitCode === null) await Promise.race([exited, sleep(5_000)])
      // anything the leader left behind in its group
      signalGroup(pid, "SIGKILL")
      await waitGroupGone(pid, 3_000)
      live.delete(pid)
    },
  }
  if (pid > 0) {
    live.set(pid, proc)
    // The leader is gone: forget the group once nothing in it is left.
    void exited.then(async () => {
      if (await waitGroupGone(pid, 5_000)) live.delete(pid)
    })
  }
  return proc
}

/** The Medusa CLI (`medusa <args>`) in the host app (cwd defaults to integration-tests/host). */
export function spawnMedusa(name: string, args: string[], opts: SpawnOptions = {}): Proc {
  return spawnProcess(name, process.execPath, [MEDUSA_CLI, ...args], { cwd: HOST_DIR, ...opts })
}

/** Wait for a process to finish; throws with the tail of its output unless it exits 0 in time. Returns its output. */
export async function runToEnd(proc: Proc, timeoutMs = 600_000, describe = ""): Promise<string> {
  const code = await Promise.race([proc.exited, sleep(timeoutMs).then(() => "timeout" as const)])
  if (code === "timeout") {
    await proc.stop(2_000)
    throw new ProcError(
      `${proc.name} did not finish within ${timeoutMs / 1000} s${describe}. Last lines of its output:\n${indent(proc.tail())}`
    )
  }
  live.delete(proc.pid)
  if (code !== 0)
    throw new ProcError(
      `${proc.name} failed (exit ${code})${describe}. Last lines of its output:\n${indent(proc.tail())}`
    )
  return proc.output()
}

/** `medusa <args>` to its end (see runToEnd). */
export async function runMedusa(
  name: string,
  args: string[],
  opts: SpawnOptions & { timeoutMs?: number } = {}
): Promise<string> {
  const proc = spawnMedusa(name, args, opts)
  return runToEnd(proc, opts.timeoutMs, opts.logFile ? ` (full log: ${opts.logFile})` : "")
}

/** An error whose message is meant for people (a process failed): printed without a stack. */
export class ProcError extends Error {}

/**
 * Resolve once GET `url` answers 200 (and `ok(body)` if given). Throws with the output
 * when the process exits first, when `failed(output)` finds a failure in what it printed
 * (`medusa develop` keeps running when the server it forked fails), or after `timeoutMs`.
 */
export async function waitHealthy(
  url: string,
  proc: Proc,
  opts: {
    timeoutMs?: number
    /** Per request (default 30 s: a busy machine answers slowly). */
    requestTimeoutMs?: number
    ok?: (body: string) => boolean
    failed?: (output: string) => string | null
    aborted?: () => boolean
  } = {}
): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 240_000
  const deadline = Date.now() + timeoutMs
  let last = ""
  for (;;) {
    if (opts.aborted?.()) throw new ProcError("aborted")
    if (proc.exitCode !== null)
      throw new ProcError(`${proc.name} exited (${proc.exitCode}) before ${url} answered:\n${indent(proc.tail())}`)
    const failure = opts.failed?.(proc.output())
    if (failure) throw new ProcError(`${proc.name} failed to start:\n${indent(failure)}`)
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(opts.requestTimeoutMs ?? 30_000) })
      const body = opts.ok ? await res.text() : ""
      if (res.status === 200 && (!opts.ok || opts.ok(body))) return
      last = `HTTP ${res.status}`
    } catch (e: any) {
      last = e?.message ?? String(e)
    }
    if (Date.now() > deadline)
      throw new ProcError(`${url} did not answer within ${timeoutMs / 1000} s (${last}):\n${indent(proc.tail())}`)
    await sleep(250)
  }
}

/** Stop every process started here (afterAll, shutdown). */
export async function stopAll(graceMs = 10_000): Promise<void> {
  await Promise.all(liveProcs().map((p) => p.stop(graceMs).catch(() => undefined)))
}

/** Last resort (a third Ctrl-C, process exit): SIGKILL every group started here, now. */
export function killAll(): void {
  for (const pid of live.keys()) signalGroup(pid, "SIGKILL")
}

/**
 * The environment of a host process: nothing inherited that a test may have set for
 * another host (MESSAGING_*, MEDUSA_WORKER_MODE, REDIS_URL, DATABASE_URL, jest's
 * NODE_OPTIONS…), the secrets a host needs, then `extra` (undefined removes a variable).
 */
export function hostProcessEnv(
  extra: Record<string, string | undefined> = {},
  base: NodeJS.ProcessEnv = process.env
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base }
  for (const key of Object.keys(env)) {
    if (/^(MESSAGING_|MEDUSA_|BENCH_|REDIS_URL$|DATABASE_URL$|PORT$|JEST_|NODE_OPTIONS$)/.test(key)) delete env[key]
  }
  Object.assign(env, {
    NODE_ENV: "production",
    LOG_LEVEL: "info",
    JWT_SECRET: "supersecret",
    COOKIE_SECRET: "supersecret",
    MEDUSA_DISABLE_TELEMETRY: "true",
    MEDUSA_ADMIN_DISABLE: "true",
    MESSAGING_PLUGIN_DISABLED: "false",
    MESSAGING_PLUGIN_OPTIONS: "{}",
    FORCE_COLOR: "0",
  })
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k]
    else env[k] = v
  }
  return env
}
