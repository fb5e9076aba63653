/**
 * 3. Checkout overhead: POST /store/carts/:id/complete latency through the Store API of
 * the shop with the plugin vs the same shop without it, both running side by side,
 * interleaved in rounds (A then B, then B then A, …).
 */
import { performance } from "node:perf_hooks"
import { apiCall, storeHeaders } from "../test/support/storefront"
import { type BenchContext, type BenchResult, median, percentile, round, timed } from "./lib/context"
import { query } from "../test/support/db"
import { backendsCpu, backendsDelta, groupCpuMs } from "./lib/cpu"
import { sleep } from "../test/support/wait"
import type { Shop, Shops } from "./lib/shops"

const ROUNDS = Number(process.env.BENCH_CHECKOUT_ROUNDS ?? 8)
const PER_ROUND = Number(process.env.BENCH_CHECKOUT_PER_ROUND ?? 20)
const WARMUP = 5

/** Carts the benchmark needs per shop (prepared once, cloned into both shops). */
export const CHECKOUT_CARTS = WARMUP + ROUNDS * PER_ROUND

/** The measured call: complete one cart; milliseconds. */
async function complete(shop: Shop, cartId: string): Promise<number> {
  const headers = storeHeaders(shop.seed, "web")
  const t = performance.now()
  const res = await apiCall<{ type: string; error?: unknown }>(
    shop.api,
    "complete cart",
    "post",
    `/store/carts/${cartId}/complete`,
    { headers }
  )
  const ms = performance.now() - t
  if (res.type !== "order") throw new Error(`cart ${cartId} was not completed: ${JSON.stringify(res.error ?? res)}`)
  return ms
}

interface Series {
  times: Record<"A" | "B", number[]>
  /** CPU ms of each shop's process group per checkout, one value per block */
  cpu: Record<"A" | "B", number[]>
  /** CPU ms of the Postgres backends serving each shop's database per checkout, one value per block */
  pgCpu: Record<"A" | "B", number[]>
  roundRatios: number[]
  perRound: string[]
}

async function series(ctx: BenchContext, A: Shop, B: Shop, rounds: number, perRound: number): Promise<Series> {
  const out: Series = {
    times: { A: [], B: [] },
    cpu: { A: [], B: [] },
    pgCpu: { A: [], B: [] },
    roundRatios: [],
    perRound: [],
  }
  const backends = async (shop: Shop) =>
    backendsCpu(
      (
        await query<{ pid: number }>(ctx.pg.url("postgres"), `SELECT pid FROM pg_stat_activity WHERE datname = $1`, [
          shop.db,
        ])
      ).map((r) => r.pid)
    )
  for (let r = 0; r < rounds; r++) {
    const order: ("A" | "B")[] = r % 2 === 0 ? ["A", "B"] : ["B", "A"]
    const medians: Record<string, number> = {}
    for (const which of order) {
      const shop = which === "A" ? A : B
      const mine: number[] = []
      const cpu0 = groupCpuMs(shop.host.proc.child.pid)
      const pg0 = await backends(shop)
      for (let i = 0; i < perRound; i++) mine.push(await complete(shop, shop.cartIds.shift()!))
      // the block's after-order work (messages) finishes inside the block's CPU account
      await sleep(300)
      const cpu1 = groupCpuMs(shop.host.proc.child.pid)
      if (cpu0 !== null && cpu1 !== null) out.cpu[which].push((cpu1 - cpu0) / perRound)
      const pgDelta = backendsDelta(pg0, await backends(shop))
      if (pgDelta !== null) out.pgCpu[which].push(pgDelta / perRound)
      out.times[which].push(...mine)
      medians[which] = median(mine)
    }
    out.roundRatios.push(medians.A / medians.B)
    out.perRound.push(`${r + 1} (${order.join("→")}) A ${round(medians.A)} / B ${round(medians.B)} ms`)
    ctx.log(`  round ${out.perRound[out.perRound.length - 1]}`)
  }
  return out
}

export async function runCheckoutOverhead(ctx: BenchContext, shops: Shops): Promise<BenchResult> {
  return timed(async () => {
    const A = shops.withPlugin
    const B = shops.withoutPlugin
    const began = new Date()
    // warm up both (first requests load code paths and fill caches)
    for (let i = 0; i < WARMUP; i++) {
      await complete(A, A.cartIds.shift()!)
      await complete(B, B.cartIds.shift()!)
    }
    await sleep(1000)
    const main = await series(ctx, A, B, ROUNDS, PER_ROUND)

    const sorted = (v: number[]) => [...v].sort((x, y) => x - y)
    const a = sorted(main.times.A)
    const b = sorted(main.times.B)
    const ratio = percentile(a, 50) / percentile(b, 50)
    const cpuA = median(main.cpu.A)
    const cpuB = median(main.cpu.B)
    const pgA = main.pgCpu.A.length ? median(main.pgCpu.A) : NaN
    const pgB = main.pgCpu.B.length ? median(main.pgCpu.B) : NaN
    const [msgs] = await query(
      ctx.pg.url(A.db),
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE status IN ('sent', 'delivered'))::int AS sent FROM messaging_message WHERE event_name = 'order.placed' AND created_at >= $1`,
      [began]
    )
    const rows = [
      {
        metric: "complete cart, with the plugin (median)",
        value: round(percentile(a, 50), 1),
        unit: "ms",
        note: `p10 ${round(percentile(a, 10))} / p90 ${round(percentile(a, 90))} ms, n = ${a.length}`,
      },
      {
        metric: "complete cart, without the plugin (median)",
        value: round(percentile(b, 50), 1),
        unit: "ms",
        note: `p10 ${round(percentile(b, 10))} / p90 ${round(percentile(b, 90))} ms, n = ${b.length}`,
      },
      {
        metric: "ratio with / without (medians)",
        value: round(ratio, 3),
        unit: "x",
        goal: "<= 1.05",
        met: ratio <= 1.05,
        note: "checkouts back to back",
      },
      {
        metric: "ratio with / without, median of the per-round ratios",
        value: round(median(main.roundRatios), 3),
        unit: "x",
        note: `per round: ${main.roundRatios.map((x) => x.toFixed(2)).join(", ")}`,
      },
      {
        metric: "CPU per checkout, shop process with / without the plugin",
        value: `${round(cpuA)} / ${round(cpuB)}`,
        unit: "ms",
        note: `median over the blocks; difference ${round(cpuA - cpuB)} ms per order`,
      },
      {
        metric: "CPU per checkout, Postgres backends of the shop's database, with / without",
        value: Number.isNaN(pgA) ? "n/a" : `${round(pgA)} / ${round(pgB)}`,
        unit: "ms",
        note: Number.isNaN(pgA)
          ? "Postgres is not on this machine"
          : `median over the blocks; difference ${round(pgA - pgB)} ms per order`,
      },
    ]
    const details = [
      `**What.** Two \`medusa start\` processes of the bench host run side by side (production mode, shared worker mode), each on its own database cloned from one prepared database — the same seeded shop (test/support/seed-shop.ts) and the same carts ready to complete, built beforehand with the workflows the Store API cart routes run (cart with a line item and addresses with a phone, the seeded shipping option, a pp_system_default payment session). ` +
        `A has the plugin (one BSG account on the fake server; otherwise default dispatch options, so the SMS goes out right after the enqueue), B is the same host with \`MESSAGING_PLUGIN_DISABLED=true\`. ` +
        `Only \`POST /store/carts/:id/complete\` is timed, from the client, one checkout at a time. ${WARMUP} unmeasured checkouts per shop first (alternating). ` +
        `Then ${ROUNDS} rounds × ${PER_ROUND} checkouts per shop, back to back; the order of the two blocks alternates (A→B, B→A, …) so drift in the machine's load hits both.`,
      `**With the plugin** each completed order's \`order.placed\` runs the notify workflow and the dispatcher in the same Node process after the response (the fake answers in 100 ms): ${msgs.sent} of the ${msgs.n} order.placed SMS written during this benchmark had been accepted by the fake when it ended. The fake marks accepted messages delivered 2–4 s later, as a network would (the plugin polls BSG delivery statuses every 30 s). ` +
        `Nothing of the plugin runs inside the complete-cart request itself (no middleware on /store, the subscriber runs after the workflow), so back to back the next checkout shares the process — and this machine's cores — with the previous order's messaging work. ` +
        `CPU per checkout = user+system time during a block (/proc) of the shop's process group, and of the Postgres backends connected to the shop's database (pg_stat_activity), divided by the block's checkouts.`,
      `**Rounds** (medians): ${main.perRound.join("; ")}.`,
      `**Reading the figures.** With the plugin a checkout costs ${round(cpuA - cpuB)} ms more CPU in the shop's process and ${Number.isNaN(pgA) ? "?" : round(pgA - pgB)} ms more in Postgres (the order's messaging work: notify workflow, outbox insert, dispatch, status bookkeeping), ` +
        `${Number.isNaN(pgA) ? "?" : round(((cpuA + pgA) / (cpuB + pgB) - 1) * 100)} % more CPU per order than without it; back to back on this machine the median complete-cart latency is ${ratio >= 1 ? `${round((ratio - 1) * 100, 1)} % higher` : `${round((1 - ratio) * 100, 1)} % lower (within the noise)`} with the plugin. ` +
        `Most of an order's messaging work used to be reading the order: the notify workflow now reads it without Medusa's totals computation unless a template that could go out reads line-item totals (src/workflows/notify/resolve-context.ts).`,
    ]
    return { name: "checkout-overhead", title: "3. Checkout overhead", rows, details }
  })
}
