/**
 * `medusa exec ./src/scripts/reliability-worker.ts`: a dispatcher process for the
 * reliability suite (integration-tests/reliability).
 *
 *  ENQUEUE_COUNT=n     first write n SMS to the outbox (idempotency keys `<ENQUEUE_PREFIX>-<i>`,
 *                      so running it again — a restarted worker — adds nothing)
 *  ENQUEUE_PREFIX      default "rel"
 *  WORKER_MAX_MS       give up (exit 2) after this long; default 180000
 *
 * Then it runs dispatcher rounds until nothing is `queued` or `sending` three checks in a
 * row. A round that throws (the database restarting, a provider misbehaving) is printed
 * and the next one follows, the way the scheduled dispatch job keeps going.
 *
 * Prints `ENQUEUED n`, `ROUND_ERROR +<ms since start> <message>` per failed round, `DISPATCHED n` at the end.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { sleep } from "../../../../test/support/wait"

export default async function reliabilityWorker({ container }: ExecArgs) {
  const messaging = container.resolve("messaging") as any
  const started = Date.now()
  const maxMs = Number(process.env.WORKER_MAX_MS ?? 180_000)

  const count = Number(process.env.ENQUEUE_COUNT ?? 0)
  if (count > 0) {
    const prefix = process.env.ENQUEUE_PREFIX ?? "rel"
    const rows = Array.from({ length: count }, (_, i) => ({
      channel: "sms",
      recipient: `+38067${String(1_000_000 + i).padStart(7, "0")}`,
      body: `Reliability message ${i}`,
      idempotency_key: `${prefix}-${i}`,
    }))
    const created = await messaging.enqueueMessages(rows)
    console.log(`ENQUEUED ${created.length}`)
  }

  let claimed = 0
  let idle = 0
  let errors = 0
  while (idle < 3) {
    if (Date.now() - started > maxMs) {
      console.log(`WORKER_GAVE_UP after ${maxMs} ms (DISPATCHED ${claimed}, ROUND_ERRORS ${errors})`)
      process.exit(2)
    }
    try {
      const r = await messaging.dispatchNow()
      claimed += r.claimed
      const pending = await messaging.withKnex(async (knex: any) => {
        const [{ n }] = await knex("messaging_message").whereIn("status", ["queued", "sending"]).count("* as n")
        return Number(n)
      })
      idle = pending === 0 && r.claimed === 0 ? idle + 1 : 0
      if (r.claimed === 0) await sleep(100)
    } catch (e) {
      errors++
      idle = 0
      console.log(
        `ROUND_ERROR +${Date.now() - started}ms ${String((e as Error)?.message ?? e)
          .split("\n")[0]
          .slice(0, 300)}`
      )
      await sleep(250)
    }
  }
  console.log(`ROUND_ERRORS ${errors}`)
  console.log(`DISPATCHED ${claimed}`)
}
