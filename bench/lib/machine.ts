import { execFileSync } from "node:child_process"
import os from "node:os"
import { sleep } from "../../test/support/wait"

export interface Machine {
  cpu: string
  cores: number
  memoryGb: number
  node: string
  platform: string
  postgres: string
}

export function describeMachine(postgres: string): Machine {
  const cpus = os.cpus()
  return {
    cpu: cpus[0]?.model?.trim() || "unknown",
    cores: cpus.length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} (${os.arch()})`,
    postgres,
  }
}

export function gitRevision(cwd: string): string {
  try {
    const rev = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd, encoding: "utf8" }).trim()
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src"], { cwd, encoding: "utf8" }).trim()
      ? " + uncommitted changes in src/"
      : ""
    return rev + dirty
  } catch {
    return "unknown"
  }
}

/** Share of all CPUs busy over `ms` (Linux /proc/stat; null elsewhere). */
export async function cpuBusy(ms = 1000): Promise<number | null> {
  const fs = await import("node:fs")
  const read = () => {
    const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]
    const v = line.trim().split(/\s+/).slice(1).map(Number)
    const idle = v[3] + (v[4] ?? 0)
    return { idle, total: v.reduce((s, x) => s + x, 0) }
  }
  try {
    const a = read()
    await sleep(ms)
    const b = read()
    return 1 - (b.idle - a.idle) / (b.total - a.total || 1)
  } catch {
    return null
  }
}
