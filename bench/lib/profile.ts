/**
 * Summaries of the V8 CPU profiles the bench worker writes when BENCH_PROFILE_DIR is set
 * (BENCH_PROFILE_DIR=/tmp/prof npm run bench): self time per function and per package.
 */
import fs from "node:fs"

interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

export interface ProfileSummary {
  totalMs: number
  idleMs: number
  byPackage: { name: string; ms: number; share: number }[]
  byFunction: { name: string; ms: number; share: number }[]
}

function packageOf(url: string): string {
  if (!url) return "(native/gc/idle)"
  const nm = url.lastIndexOf("node_modules/")
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/")
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]
  }
  const src = /\/(src\/[^/]+\/[^/]+)/.exec(url)
  if (url.includes("/.medusa/server/src/"))
    return `plugin ${url.split("/.medusa/server/")[1].split("/").slice(0, 3).join("/")}`
  if (src) return src[1]
  if (url.startsWith("node:")) return url
  return url.split("/").slice(-2).join("/")
}

export function summarizeProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as {
    nodes: Node[]
    samples: number[]
    timeDeltas: number[]
  }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<number, number>()
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
  let total = 0
  let idle = 0
  const pkg = new Map<string, number>()
  const fn = new Map<string, number>()
  for (const [id, us] of self) {
    const node = byId.get(id)!
    const name = node.callFrame.functionName || "(anonymous)"
    total += us
    if (name === "(idle)") {
      idle += us
      continue
    }
    const p = name === "(garbage collector)" ? "(garbage collector)" : packageOf(node.callFrame.url)
    pkg.set(p, (pkg.get(p) ?? 0) + us)
    const key = `${name} ${packageOf(node.callFrame.url)}${node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ""}`
    fn.set(key, (fn.get(key) ?? 0) + us)
  }
  const busy = total - idle
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), share: Math.round((us / (busy || 1)) * 1000) / 10 }))
  return {
    totalMs: Math.round(total / 1000),
    idleMs: Math.round(idle / 1000),
    byPackage: rank(pkg),
    byFunction: rank(fn),
  }
}

export function formatSummary(s: ProfileSummary): string {
  return (
    `CPU profile: ${s.totalMs} ms sampled, ${s.idleMs} ms idle (waiting for Postgres/HTTP), ${s.totalMs - s.idleMs} ms on the CPU.\n` +
    `  by package: ${s.byPackage.map((p) => `${p.name} ${p.ms} ms (${p.share} %)`).join(", ")}\n` +
    `  by function: ${s.byFunction
      .slice(0, 10)
      .map((p) => `${p.name} ${p.ms} ms`)
      .join("; ")}`
  )
}
