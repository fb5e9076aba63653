export interface DayStat {
  day: string
  total: number
  sent: number
  delivered: number
  failed: number
  cost: number
}

const DAY = 86_400_000
const MAX_DAYS = 366

/** One entry per day from `from` (inclusive) to `to` (exclusive), zeros where nothing was sent. */
export function fillDays(rows: Array<Record<string, unknown>>, from: Date, to: Date): DayStat[] {
  const byDay = new Map(rows.map((r) => [String(r.day), r]))
  const out: DayStat[] = []
  for (let t = from.getTime(); t < to.getTime() && out.length < MAX_DAYS; t += DAY) {
    const day = new Date(t).toISOString().slice(0, 10)
    const r = byDay.get(day)
    out.push({
      day,
      total: Number(r?.total ?? 0),
      sent: Number(r?.sent ?? 0),
      delivered: Number(r?.delivered ?? 0),
      failed: Number(r?.failed ?? 0),
      cost: Number(r?.cost ?? 0),
    })
  }
  return out
}
