/**
 * Child processes of the demo. Every child gets its own process group (`detached: true`)
 * so that stopping it also stops whatever it forked (`medusa develop` forks the server,
 * the CLI may fork workers); `killGroup` signals the whole group and waits for it to go.
 */
import { spawn, type ChildProcess } from "node:child_process"
import fs from "node:fs"

export interface Running {
  name: string
  child: ChildProcess
  /** Resolves with the exit code (or the signal name) once the leader has exited. */
  exited: Promise<number | string>
}

/** Every process group we started and have not seen the end of yet. */
const groups = new Map<number, Running>()

export function liveGroups(): Running[] {
  return [...groups.values()]
}

export interface SpawnOptions {
  cwd: string
  env: NodeJS.ProcessEnv
  /** Output goes to this file (appended). */
  logFile: string
  /** Also copy the output to our stdout, prefixed. */
  echo?: boolean
  echoPrefix?: string
  /** Keep the output in memory too (for parsing); default false. */
  capture?: boolean
}

export interface Spawned extends Running {
  /** Output so far (only with `capture`). */
  output(): string
  /** Last lines of the output (always kept, for error messages). */
  tail(lines?: number): string
}

export function spawnGroup(name: string, command: string, args: string[], opts: SpawnOptions): Spawned {
  const log = fs.createWriteStream(opts.logFile, { flags: "a" })
  log.on("error", () => undefined)
  log.write(`\n$ ${[command, ...args].join(" ")}   (cwd ${opts.cwd})\n`)
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: opts.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  })
  const captured: string[] = []
  let recent = ""
  const onData = (chunk: Buffer) => {
    const text = chunk.toString("utf8")
    log.write(stripAnsi(text))
    if (opts.capture) captured.push(text)
    recent = (recent + text).slice(-16_000)
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
  child.stdout!.on("data", onData)
  child.stderr!.on("data", onData)
  const exited = new Promise<number | string>((resolve) => {
    child.once("error", (err) => {
      log.write(`\n[demo] could not start ${command}: ${err.message}\n`)
      recent += `\ncould not start ${command}: ${err.message}`
      resolve("spawn-error")
    })
    child.once("close", (code, signal) => {
      log.end(`\n[demo] ${name} exited with ${signal ?? code}\n`)
      resolve(signal ?? code ?? "unknown")
    })
  })
  const running: Spawned = {
    name,
    child,
    exited,
    output: () => captured.join(""),
    tail: (lines = 25) => stripAnsi(recent).trimEnd().split(/\r?\n/).slice(-lines).join("\n"),
  }
  if (child.pid) {
    const pid = child.pid
    groups.set(pid, running)
    // The leader is gone; forget the group once nothing in it is left.
    void exited.then(async () => {
      await waitGroupGone(pid, 5_000)
      if (!groupAlive(pid)) groups.delete(pid)
    })
  }
  return running
}

/**
 * Run to completion; throws with the tail of the output when the exit code is not 0 or
 * when it takes longer than `timeoutMs` (default 10 minutes; the process group is killed).
 */
export async function runToEnd(name: string, command: string, args: string[], opts: SpawnOptions & { timeoutMs?: number }): Promise<string> {
  const p = spawnGroup(name, command, args, { ...opts, capture: true })
  const timeoutMs = opts.timeoutMs ?? 600_000
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)))
  const code = await Promise.race([p.exited, timedOut])
  clearTimeout(timer)
  if (code === "timeout") {
    await killGroup(p, 5_000)
    throw new StepError(`${name} did not finish within ${timeoutMs / 1000} s. Last lines of its output (full log: ${opts.logFile}):\n${indent(p.tail())}`)
  }
  if (code !== 0) {
    throw new StepError(`${name} failed (exit ${code}). Last lines of its output (full log: ${opts.logFile}):\n${indent(p.tail())}`)
  }
  return p.output()
}

export class StepError extends Error {}

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

export async function waitGroupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) return false
    await sleep(100)
  }
  return true
}

/** SIGTERM the whole group, SIGKILL whatever is left after `graceMs`. */
export async function killGroup(running: Running, graceMs = 10_000): Promise<void> {
  const pid = running.child.pid
  if (!pid) return
  if (groupAlive(pid)) {
    signalGroup(pid, "SIGTERM")
    if (!(await waitGroupGone(pid, graceMs))) {
      signalGroup(pid, "SIGKILL")
      await waitGroupGone(pid, 3_000)
    }
  }
  groups.delete(pid)
}

/** Last resort (a third Ctrl-C): SIGKILL every group we started. */
export function killAllGroupsNow(): void {
  for (const pid of groups.keys()) signalGroup(pid, "SIGKILL")
}

function signalGroup(pgid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pgid, signal)
  } catch {
    /* already gone */
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

export function indent(text: string, by = "    "): string {
  return text
    .split("\n")
    .map((l) => by + l)
    .join("\n")
}

export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "")
}
