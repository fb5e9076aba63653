/**
 * POST /bench/emit { ids: string[], interval_ms: number, event?: string } — emit
 * `order.placed` (by default) for each order id through the app's event bus, one every
 * interval_ms, and answer with the time of every emit. For `npm run bench`: answers 404
 * unless the host runs with BENCH_ROUTES=true.
 */
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { sleep } from "../../../../../../test/support/wait"

export async function POST(
  req: MedusaRequest<{ ids: string[]; interval_ms?: number; event?: string }>,
  res: MedusaResponse
) {
  if (process.env.BENCH_ROUTES !== "true") {
    res.status(404).json({ message: "bench routes are off (BENCH_ROUTES=true turns them on)" })
    return
  }
  const {
    ids,
    interval_ms = 50,
    event = "order.placed",
  } = req.body as { ids: string[]; interval_ms?: number; event?: string }
  const bus = req.scope.resolve(Modules.EVENT_BUS) as { emit: (e: unknown) => Promise<void> }
  const emitted: { id: string; at: number }[] = []
  const t0 = Date.now()
  for (let i = 0; i < ids.length; i++) {
    // open loop: the i-th event goes at t0 + i * interval, however long the previous took
    const wait = t0 + i * interval_ms - Date.now()
    if (wait > 0) await sleep(wait)
    const at = Date.now()
    await bus.emit({ name: event, data: { id: ids[i] } })
    emitted.push({ id: ids[i], at })
  }
  res.json({ emitted })
}
