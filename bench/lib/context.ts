/** What every benchmark of a run shares: Postgres, the fake BSG server, logs, settings. */
import os from "node:os"
import type { UnitCosts } from "./costs"
import { busyShare, machineTicks } from "./cpu"
import type { FakeBsg } from "../../test/fakes"
import type { PostgresHandle } from "../../test/support/postgres"
import { zoneWhereHourIs } from "../../test/support/time-zones"

/** Fixed at load: the whole run (minutes) stays far from the night. */
const BENCH_TIME_ZONE = zoneWhereHourIs(12)

export const BSG_API_KEY = "live_fakebsgkey0123456789"
export const SENDER = "MyShop"

/** Account settings of the bench (the README's `accounts[].config`). */
export const BENCH_ACCOUNT_CONFIG = {
  sender: SENDER,
  /** token bucket, requests per second (BSG default 10) */
  rate_per_second: 1000,
  /** requests in flight per account (default 4); 16 = the adapter's HTTP agent maxSockets */
  concurrency: 16,
}
/** dispatch.batch_size: messages claimed per round (default 100, max 1000). */
export const BENCH_BATCH_SIZE = 800

export interface BenchRow {
  metric: string
  value: number | string
  unit: string
  goal?: string
  /** true/false when the row has a goal; undefined otherwise */
  met?: boolean
  note?: string
}

export interface BenchResult {
  name: string
  title: string
  rows: BenchRow[]
  /** Free text: what exactly was measured, settings, evidence. Markdown. */
  details: string[]
  ms: number
  loadavg: { before: number[]; after: number[] }
  /** Share of all the machine's CPUs busy during the benchmark (every process, ours included). */
  machineBusy: number | null
}

export interface BenchContext {
  pg: PostgresHandle
  bsg: FakeBsg
  logDir: string
  templateDb: string
  log(line: string): void
  /** Environment of every Medusa process (secrets for the host, production mode). */
  baseEnv: NodeJS.ProcessEnv
  /** Unit costs measured at the start of the run (ids, masking). */
  costs: UnitCosts
  /** Plugin options pointing at the fake BSG server. */
  pluginOptions(overrides?: { dispatch?: Record<string, unknown> }): Record<string, unknown>
}

export function makePluginOptions(bsgUrl: string, overrides: { dispatch?: Record<string, unknown> } = {}) {
  return {
    // the fake BSG listens on 127.0.0.1: allowed explicitly
    allowed_hosts: ["127.0.0.1"],
    accounts: [
      {
        key: "bsg-bench",
        type: "bsg",
        base_url: bsgUrl,
        credentials: { api_key: BSG_API_KEY },
        config: { ...BENCH_ACCOUNT_CONFIG },
      },
    ],
    // The campaign is marketing and waits out the night (21:00–08:00 in the shop's zone):
    // a zone where it is midday keeps the run's figures independent of the hour it runs at.
    defaults: {
      site_name: "Demo Shop",
      default_region: "UA",
      time_zone: BENCH_TIME_ZONE,
      sms_sender: SENDER,
      locale: "en",
    },
    dispatch: { batch_size: BENCH_BATCH_SIZE, ...(overrides.dispatch ?? {}) },
  }
}

export async function timed<T extends Omit<BenchResult, "ms" | "loadavg" | "machineBusy">>(
  fn: () => Promise<T>
): Promise<BenchResult> {
  const before = os.loadavg()
  const ticks = machineTicks()
  const started = Date.now()
  const r = await fn()
  return {
    ...r,
    ms: Date.now() - started,
    loadavg: { before, after: os.loadavg() },
    machineBusy: busyShare(ticks, machineTicks()),
  }
}

export const round = (v: number, digits = 0) => {
  const f = 10 ** digits
  return Math.round(v * f) / f
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN
  const rank = (p / 100) * (sorted.length - 1)
  const lo = Math.floor(rank)
  const hi = Math.ceil(rank)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo)
}

export const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50
  )
export const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / (values.length || 1)
