import fs from "node:fs"

const TICKS_PER_SECOND = 100 // USER_HZ on Linux

/** CPU time (user + system, ms) used so far by every process of a process group (Linux; null elsewhere). */
export function groupCpuMs(pgid: number | undefined): number | null {
  if (!pgid) return null
  try {
    let ticks = 0
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue
      let stat: string
      try {
        stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8")
      } catch {
        continue
      }
      // fields after the ")" of the command name: state ppid pgrp … utime(14) stime(15)
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
      if (Number(rest[2]) !== pgid) continue
      ticks += Number(rest[11]) + Number(rest[12])
    }
    return (ticks * 1000) / TICKS_PER_SECOND
  } catch {
    return null
  }
}

/** Machine-wide CPU tick counters (Linux /proc/stat; null elsewhere). */
export function machineTicks(): { busy: number; total: number } | null {
  try {
    const v = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number)
    const total = v.reduce((s, x) => s + x, 0)
    return { busy: total - v[3] - (v[4] ?? 0), total }
  } catch {
    return null
  }
}

/** Share of all CPUs busy between two machineTicks() snapshots. */
export function busyShare(a: ReturnType<typeof machineTicks>, b: ReturnType<typeof machineTicks>): number | null {
  if (!a || !b || b.total === a.total) return null
  return (b.busy - a.busy) / (b.total - a.total)
}

/** CPU ms used so far by one process (Linux /proc; null if it is not a local process). */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / TICKS_PER_SECOND
  } catch {
    return null
  }
}

/** CPU ms per Postgres backend serving `pids` (from pg_stat_activity); only when Postgres runs on this machine. */
export function backendsCpu(pids: number[]): Map<number, number> | null {
  const out = new Map<number, number>()
  for (const pid of pids) {
    const ms = processCpuMs(pid)
    if (ms !== null) out.set(pid, ms)
  }
  return out.size ? out : null
}

/** CPU used between two backendsCpu() snapshots (backends that appeared count from 0). */
export function backendsDelta(a: Map<number, number> | null, b: Map<number, number> | null): number | null {
  if (!b) return null
  let sum = 0
  for (const [pid, ms] of b) sum += ms - (a?.get(pid) ?? 0)
  return sum
}
