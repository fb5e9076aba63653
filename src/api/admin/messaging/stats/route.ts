import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { messagingFrom } from "../helpers/service"
import { fillDays } from "../helpers/stats"
import type { StatsQueryType } from "../validators/messages"

const DAY = 86_400_000

/**
 * GET /admin/messaging/stats — per day (UTC) from `from` to `to` (default: the last 30
 * days): messages, sent, delivered, failed, cost; plus totals and the delivery rate.
 */
export async function GET(req: MedusaRequest<unknown, StatsQueryType>, res: MedusaResponse) {
  const q = req.validatedQuery as StatsQueryType
  const to = q.to ?? new Date()
  const from = q.from ?? new Date(to.getTime() - 29 * DAY)
  const fromDay = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()))
  const toExclusive = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate()) + DAY)
  const rows = await messagingFrom(req.scope).messageStats({
    from: fromDay,
    to: toExclusive,
    sales_channel_id: q.sales_channel_id ?? null,
  })
  const days = fillDays(rows, fromDay, toExclusive)
  const totals = days.reduce(
    (t, d) => ({
      total: t.total + d.total,
      sent: t.sent + d.sent,
      delivered: t.delivered + d.delivered,
      failed: t.failed + d.failed,
      cost: t.cost + d.cost,
    }),
    { total: 0, sent: 0, delivered: 0, failed: 0, cost: 0 }
  )
  const delivery_rate = totals.sent > 0 ? totals.delivered / totals.sent : null
  res.json({
    days,
    totals: { ...totals, cost: Math.round(totals.cost * 10000) / 10000, delivery_rate },
    from: fromDay,
    to: toExclusive,
  })
}
