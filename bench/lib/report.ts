/** docs/benchmarks.md and the console tables. */
import type { BenchResult, BenchRow } from "./context"
import type { Machine } from "./machine"

export interface RunInfo {
  machine: Machine
  command: string
  startedAt: Date
  totalMs: number
  revision: string
  setup: string[]
  loadavg: { start: number[]; end: number[] }
  otherLoad: string
}

const fmt = (v: number | string) => (typeof v === "number" ? v.toLocaleString("en-US") : v)
const status = (row: BenchRow) => (row.met === undefined ? "" : row.met ? "✅ met" : "❌ missed")
const cell = (s: string) => s.replace(/\|/g, "\\|")

export function consoleTable(result: BenchResult): void {
  console.log(`\n${result.title} (${(result.ms / 1000).toFixed(1)} s)`)
  console.table(
    result.rows.map((r) => ({
      metric: r.metric,
      value: fmt(r.value),
      unit: r.unit,
      goal: r.goal ?? "",
      result: r.met === undefined ? "" : r.met ? "met" : "MISSED",
    }))
  )
}

export function markdown(unsorted: BenchResult[], info: RunInfo, failures: { title: string; error: string }[]): string {
  const results = [...unsorted].sort((a, b) => a.title.localeCompare(b.title))
  const m = info.machine
  const lines: string[] = []
  const la = (v: number[]) => v.map((x) => x.toFixed(2)).join(" / ")
  lines.push(`# Benchmarks`)
  lines.push(``)
  lines.push(
    `Written by \`${info.command}\` — do not edit by hand; run it again. Figures are from one run on the machine below; none of them fails anything: a goal that is missed is marked ❌ and explained.`
  )
  lines.push(``)
  lines.push(`## Run`)
  lines.push(``)
  lines.push(`| | |`)
  lines.push(`|---|---|`)
  lines.push(
    `| Command | \`${info.command}\` (= \`node -r ts-node/register/transpile-only bench/index.ts\`), from the repository root |`
  )
  lines.push(`| Started | ${info.startedAt.toISOString()} |`)
  lines.push(`| Total run time | ${(info.totalMs / 1000).toFixed(0)} s (setup included) |`)
  lines.push(`| Source | git ${info.revision} |`)
  lines.push(`| CPU | ${m.cpu} |`)
  lines.push(`| Cores | ${m.cores} |`)
  lines.push(`| Memory | ${m.memoryGb} GB |`)
  lines.push(`| Node | ${m.node} |`)
  lines.push(`| OS | ${m.platform} |`)
  lines.push(`| Postgres | ${m.postgres} |`)
  lines.push(`| Load average (1 / 5 / 15 min) | start ${la(info.loadavg.start)}, end ${la(info.loadavg.end)} |`)
  lines.push(`| Other processes | ${info.otherLoad} |`)
  lines.push(``)
  lines.push(`Setup: ${info.setup.join("; ")}.`)
  lines.push(``)
  lines.push(`## Goals`)
  lines.push(``)
  lines.push(`| Benchmark | Figure | Value | Goal | Result |`)
  lines.push(`|---|---|---:|---|---|`)
  for (const r of results) {
    for (const row of r.rows.filter((x) => x.goal)) {
      lines.push(
        `| ${r.title} | ${cell(row.metric)} | ${fmt(row.value)} ${row.unit} | ${cell(row.goal!)} | ${status(row)} |`
      )
    }
  }
  for (const f of failures) lines.push(`| ${f.title} | (did not run to the end) | — | — | ❌ error |`)
  lines.push(``)
  if (results.some((r) => r.rows.some((row) => row.met === false))) {
    lines.push(
      `What each ❌ comes from is measured in its benchmark's section below (round phases, unit costs, CPU, memory).`
    )
    lines.push(``)
  }
  for (const r of results) {
    lines.push(`## ${r.title}`)
    lines.push(``)
    lines.push(`| Figure | Value | Unit | Goal | Result | Note |`)
    lines.push(`|---|---:|---|---|---|---|`)
    for (const row of r.rows) {
      lines.push(
        `| ${cell(row.metric)} | ${fmt(row.value)} | ${row.unit} | ${cell(row.goal ?? "")} | ${status(row)} | ${cell(row.note ?? "")} |`
      )
    }
    lines.push(``)
    for (const d of r.details) {
      lines.push(d)
      lines.push(``)
    }
    const busy =
      r.machineBusy === null
        ? ""
        : `; ${Math.round(r.machineBusy * 100)} % of the machine's CPU time was busy meanwhile (all processes, the benchmark's included)`
    lines.push(
      `_Took ${(r.ms / 1000).toFixed(1)} s; load average ${la(r.loadavg.before)} before, ${la(r.loadavg.after)} after${busy}._`
    )
    lines.push(``)
  }
  for (const f of failures) {
    lines.push(`## ${f.title}`)
    lines.push(``)
    lines.push("This benchmark failed in this run:")
    lines.push(``)
    lines.push("```")
    lines.push(f.error.slice(0, 3000))
    lines.push("```")
    lines.push(``)
  }
  return lines.join("\n")
}

/** Goals written as ">= N" / "<= N" (the text pipeline's rows). */
export function judge(row: BenchRow): BenchRow {
  if (row.met !== undefined || !row.goal || typeof row.value !== "number") return row
  const m = /^\s*(>=|<=)\s*([\d.]+)/.exec(row.goal)
  if (!m) return row
  const target = Number(m[2])
  return { ...row, met: m[1] === ">=" ? row.value >= target : row.value <= target }
}
