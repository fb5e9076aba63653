/**
 * 2. Event-to-provider latency: `order.placed` emitted on the event bus of a running shop
 * (medusa start, plugin defaults: dispatch right after the enqueue) for 500 orders, one
 * every 50 ms; latency = when the fake BSG server received the request carrying the
 * order's SMS − when the event was emitted (same machine clock).
 */
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { bsgReference } from "../src/modules/messaging/providers/bsg-reference"
import { type BenchContext, type BenchResult, mean, percentile, round, timed } from "./lib/context"
import { busyShare, groupCpuMs, machineTicks } from "./lib/cpu"
import { query } from "../test/support/db"
import { formatSummary, summarizeProfile } from "./lib/profile"
import { sleep } from "../test/support/wait"
import type { Shops } from "./lib/shops"

export const LATENCY_ORDERS = Number(process.env.BENCH_LATENCY_ORDERS ?? 500)
/** Unmeasured orders first: a shop that just started runs its first workflows on cold code. */
export const LATENCY_WARMUP = 25
const INTERVAL_MS = Number(process.env.BENCH_LATENCY_INTERVAL_MS ?? 50)

const countBy = (values: string[]) =>
  values.reduce<Record<string, number>>((acc, v) => ((acc[v] = (acc[v] ?? 0) + 1), acc), {})

type Row = { id: string; order_id: string; status: string; created_at: number }

/** The order.placed rows of these orders, once each order has a sent one (or after 90 s). */
async function waitSent(ctx: BenchContext, db: string, ids: string[]): Promise<Row[]> {
  const deadline = Date.now() + 90_000
  for (;;) {
    const rows = await query<Row>(
      ctx.pg.url(db),
      `SELECT id, order_id, status, extract(epoch FROM created_at) * 1000 AS created_at
         FROM messaging_message WHERE event_name = 'order.placed' AND order_id = ANY($1)`,
      [ids]
    )
    const done = new Set(rows.filter((r) => r.status === "sent" || r.status === "delivered").map((r) => r.order_id))
    if (done.size >= ids.length || Date.now() > deadline) return rows
    await sleep(250)
  }
}

export async function runEventLatency(ctx: BenchContext, shops: Shops): Promise<BenchResult> {
  return timed(async () => {
    const shop = shops.withPlugin
    const warmup = shop.orderIds.slice(LATENCY_ORDERS, LATENCY_ORDERS + LATENCY_WARMUP)
    const ids = shop.orderIds.slice(0, LATENCY_ORDERS)
    await shop.api.post("/bench/emit", { ids: warmup, interval_ms: INTERVAL_MS })
    await waitSent(ctx, shop.db, warmup)
    await sleep(1000)
    const since = ctx.bsg.requests.length
    const profileDir = process.env.BENCH_PROFILE_DIR
    if (profileDir) await shop.api.post("/bench/profile", { action: "start" })
    const pid = shop.host.proc.child.pid
    const cpu0 = groupCpuMs(pid)
    const ticks0 = machineTicks()
    const wall0 = Date.now()
    const { data } = await shop.api.post("/bench/emit", { ids, interval_ms: INTERVAL_MS })
    const emitted = new Map<string, number>((data.emitted as { id: string; at: number }[]).map((e) => [e.id, e.at]))
    const emitSpan = Math.max(...emitted.values()) - Math.min(...emitted.values())

    const rows = await waitSent(ctx, shop.db, ids)
    let profile: string | null = null
    if (profileDir) {
      fs.mkdirSync(profileDir, { recursive: true })
      const file = path.join(profileDir, `shop-latency-${Date.now()}.cpuprofile`)
      const { data: stopped } = await shop.api.post("/bench/profile", { action: "stop", file })
      const q = Object.entries((stopped.queries ?? {}) as Record<string, number>).sort((a, b) => b[1] - a[1])
      const totalQ = q.reduce((sum, [, n]) => sum + n, 0)
      profile =
        formatSummary(summarizeProfile(file, 25)) +
        `\n  SQL through the app's connection: ${(totalQ / (ids.length || 1)).toFixed(1)} statements per order — ${q
          .slice(0, 12)
          .map(([k, n]) => `${k} ${(n / ids.length).toFixed(2)}`)
          .join(", ")}`
      ctx.log(`  shop process during the latency run: ${profile.replace(/\n/g, "\n  ")}`)
    }
    const cpuMs = groupCpuMs(pid) !== null && cpu0 !== null ? groupCpuMs(pid)! - cpu0 : null
    const wallMs = Date.now() - wall0
    const machineBusy = busyShare(ticks0, machineTicks())
    const receivedAt = new Map<string, number>()
    for (const req of ctx.bsg.requests.slice(since)) {
      const refs: string[] = Array.isArray(req.body?.phones)
        ? req.body.phones.map((p: any) => p.reference)
        : [req.body?.reference]
      for (const ref of refs) if (ref && !receivedAt.has(ref)) receivedAt.set(ref, req.at.getTime())
    }
    const total: number[] = []
    const inOrder: number[] = []
    const toOutbox: number[] = []
    const toProvider: number[] = []
    let missing = 0
    for (const id of ids) {
      const mine = rows.filter((r) => r.order_id === id)
      const at = mine.map((r) => receivedAt.get(bsgReference(r.id))).filter((v): v is number => v !== undefined)
      if (!at.length) {
        missing++
        continue
      }
      const first = Math.min(...at)
      const row = mine.find((r) => receivedAt.get(bsgReference(r.id)) === first)!
      total.push(first - emitted.get(id)!)
      inOrder.push(first - emitted.get(id)!)
      toOutbox.push(row.created_at - emitted.get(id)!)
      toProvider.push(first - row.created_at)
    }
    if (!total.length) {
      const errors = shop.host.proc
        .tail(400)
        .split("\n")
        .filter((l) => /"level":"(error|warn)"/.test(l))
        .slice(-5)
        .join("\n")
      throw new Error(
        `no order's SMS reached the fake BSG server (${rows.length} outbox rows: ${JSON.stringify(countBy(rows.map((r) => r.status)))}). Last errors of the shop:\n${errors}`
      )
    }
    const sorted = (v: number[]) => [...v].sort((a, b) => a - b)
    const t = sorted(total)
    const o = sorted(toOutbox)
    const d = sorted(toProvider)
    const p95 = percentile(t, 95)
    ctx.log(
      `  ${t.length} orders: p50 ${round(percentile(t, 50))} ms, p95 ${round(p95)} ms, p99 ${round(percentile(t, 99))} ms${missing ? `, ${missing} never reached the fake` : ""}`
    )
    const rows_ = [
      { metric: "order.placed → provider, p50", value: round(percentile(t, 50)), unit: "ms" },
      {
        metric: "order.placed → provider, p95",
        value: round(p95),
        unit: "ms",
        goal: "<= 300 ms",
        met: missing === 0 && p95 <= 300,
      },
      { metric: "order.placed → provider, p99", value: round(percentile(t, 99)), unit: "ms" },
      {
        metric: "order.placed → provider, max / mean",
        value: `${round(t[t.length - 1])} / ${round(mean(t))}`,
        unit: "ms",
      },
      {
        metric: "  of which event → outbox row (p50 / p95)",
        value: `${round(percentile(o, 50))} / ${round(percentile(o, 95))}`,
        unit: "ms",
        note: "subscriber + notify workflow (Query, render, insert)",
      },
      {
        metric: "  of which outbox row → provider (p50 / p95)",
        value: `${round(percentile(d, 50))} / ${round(percentile(d, 95))}`,
        unit: "ms",
        note: "dispatch on enqueue (20 ms coalescing) + claim + request",
      },
      { metric: "orders whose SMS never reached the fake", value: missing, unit: "", goal: "0", met: missing === 0 },
      {
        metric: "CPU of the shop process per order",
        value: cpuMs === null ? "n/a" : round(cpuMs / ids.length, 1),
        unit: "ms",
        note:
          cpuMs === null
            ? ""
            : `the shop used ${round((cpuMs / wallMs) * 100)} % of one core while ${round(1000 / INTERVAL_MS)} orders/s came in; the whole machine (${os.cpus().length} cores) was ${machineBusy === null ? "?" : round(machineBusy * 100)} % busy`,
      },
      {
        metric: "p50 per 100 orders, in emit order",
        value: Array.from({ length: Math.ceil(inOrder.length / 100) }, (_, k) =>
          round(percentile(sorted(inOrder.slice(k * 100, k * 100 + 100)), 50))
        ).join(" / "),
        unit: "ms",
        note: "a growing backlog would show as rising values",
      },
    ]
    const details: string[] = [
      `**What.** ${ids.length} orders (plus ${warmup.length} unmeasured warm-up orders emitted and sent first) created with the Order Module in the shop with the plugin (a running \`medusa start\`, shared worker mode, plugin options as in benchmark 1 but with the default \`dispatch_on_enqueue: true\`), each with its own phone on the shipping address. ` +
        `The bench route \`POST /bench/emit\` (integration-tests/host/src/api/bench/emit) emits \`order.placed { id }\` on the app's event bus (the local event bus, as in a single-process shop), one every ${INTERVAL_MS} ms (${round(1000 / INTERVAL_MS)} orders/s, open loop; the ${ids.length} emits took ${(emitSpan / 1000).toFixed(1)} s), recording \`Date.now()\` right before each emit. ` +
        `The fake BSG server (latency 100 ms per request, in the benchmark process) records when each request arrives; latency = arrival of the request carrying the order's customer SMS − emit. Both clocks are this machine's. While both shops run, the fake marks accepted messages delivered 2–4 s later, as a network would (the plugin polls BSG delivery statuses every 30 s).`,
      `**Path measured.** event bus → the plugin's subscriber → notify workflow (Query for the order, site settings and templates, render, opt-outs, one outbox insert) → \`scheduleDispatch\` (20 ms coalescing) → dispatcher round (claim with SKIP LOCKED, one BSG request per ≤ 50 messages) → fake. A message enqueued while a round is in flight waits for that round to finish (its provider request takes 100 ms).`,
    ]
    if (profile)
      details.push(
        `**Profile of the shop process during the run** (BENCH_PROFILE_DIR): ${profile.replace(/\n/g, "<br>")}`
      )
    return { name: "event-latency", title: "2. Event-to-provider latency", rows: rows_, details }
  })
}
