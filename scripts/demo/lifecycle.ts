/**
 * The demo's life: steps with timings, what to stop on shutdown (last registered first),
 * and Ctrl-C handling (first: stop cleanly; second: a note; third: kill everything now).
 */
import { groupAlive, killAll, liveProcs } from "../../test/support/proc"
import { beginLine, dim, endLine, fail, green, red, say, secs, warn } from "./ui"

export class Aborted extends Error {
  constructor() {
    super("aborted")
  }
}

const cleanups: { name: string; fn: () => Promise<void> }[] = []
/** Synchronous kills for the third Ctrl-C. */
const forceKills: (() => void)[] = []
const starting = new Set<Promise<unknown>>()
let shuttingDown = false
let signals = 0
let verbose = false

export const isShuttingDown = () => shuttingDown

/** --verbose: steps print on their own lines (Medusa's output comes in between). */
export function setVerbose(v: boolean) {
  verbose = v
}

/** Run on shutdown, last registered first. */
export function onShutdown(name: string, fn: () => Promise<void>) {
  cleanups.push({ name, fn })
}

/** A synchronous last resort for the third Ctrl-C. */
export function onForceKill(fn: () => void) {
  forceKills.push(fn)
}

/** A resource being started: shutdown waits for it so it can stop it too. */
export function starter<T>(p: Promise<T>): Promise<T> {
  starting.add(p)
  void p.finally(() => starting.delete(p)).catch(() => undefined)
  return p
}

async function withTimeout(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const done = await Promise.race([
    p.then(
      () => true,
      () => true
    ),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms))),
  ])
  clearTimeout(timer)
  return done
}

const running = () => liveProcs().filter((p) => p.pid > 0 && groupAlive(p.pid))

export async function shutdown(code: number, why?: string): Promise<never> {
  if (shuttingDown) return new Promise<never>(() => undefined)
  shuttingDown = true
  const t = Date.now()
  say(why ? `${why} — stopping everything…` : "stopping everything…")
  // Medusa and any CLI step still running (their whole process groups).
  const procs = running()
  if (procs.length) {
    await Promise.all(procs.map((p) => p.stop(10_000).catch(() => undefined)))
    say(`  ✓ stopped ${procs.map((p) => p.name).join(", ")}`)
  }
  // Resources still being started (Postgres initialising, fakes binding).
  if (starting.size) await withTimeout(Promise.allSettled([...starting]), 30_000)
  const problems: string[] = []
  for (const { name, fn } of cleanups.reverse()) {
    try {
      if (await withTimeout(fn(), 25_000)) {
        if (name) say(`  ✓ ${name}`)
      } else problems.push(`${name || "cleanup"}: gave up after 25 s`)
    } catch (e: any) {
      problems.push(`${name || "cleanup"}: ${e?.message ?? e}`)
    }
  }
  for (const p of running()) problems.push(`${p.name} (process group ${p.pid}) is still running`)
  if (problems.length) {
    for (const p of problems) warn(`  ! ${p}`)
    warn(`stopped in ${secs(t)}, but not cleanly — see above`)
    process.exit(code || 1)
  }
  say(`stopped in ${secs(t)}; nothing of the demo is running any more.`)
  process.exit(code)
}

export function installSignalHandlers() {
  const handler = (signal: NodeJS.Signals) => {
    signals++
    if (signals === 1) {
      void shutdown(signal === "SIGINT" ? 130 : 143, `got ${signal}`)
    } else if (signals === 2) {
      warn("still stopping (Medusa and Postgres shut down cleanly); press Ctrl-C again to kill everything at once")
    } else {
      warn("killing everything now")
      killAll()
      for (const kill of forceKills) kill()
      process.exit(137)
    }
  }
  process.on("SIGINT", handler)
  process.on("SIGTERM", handler)
  process.on("SIGHUP", handler)
  process.on("uncaughtException", (e) => {
    fail(`unexpected error: ${e?.stack ?? e}`)
    void shutdown(1)
  })
  process.on("unhandledRejection", (e: any) => {
    if (shuttingDown) return
    fail(`unexpected error: ${e?.stack ?? e}`)
    void shutdown(1)
  })
}

/** `[demo] title… ok (1.2 s)` on one line (two lines when output may interleave). */
export async function step<T>(
  title: string,
  fn: () => Promise<T>,
  done: (r: T) => string = () => "ok",
  opts: { inline?: boolean } = {}
): Promise<T> {
  if (shuttingDown) throw new Aborted()
  const inline = opts.inline ?? !verbose
  const t = Date.now()
  if (inline) beginLine(`${title}…`)
  else say(`${title}…`)
  try {
    const r = await fn()
    if (inline) endLine(`${green(done(r))} ${dim(`(${secs(t)})`)}`)
    else say(`  ${green("✓")} ${green(done(r))} ${dim(`(${secs(t)})`)}`)
    return r
  } catch (e) {
    if (!shuttingDown) {
      if (inline) endLine(`${red("failed")} ${dim(`(${secs(t)})`)}`)
      else say(`  ${red("✗ failed")} ${dim(`(${secs(t)})`)}`)
    }
    throw e
  }
}
