/**
 * The intake benchmark's in-host part (`medusa exec`, driven by bench/intake.ts):
 * BENCH_INTAKE={"mode":"mailbox","imap":{…}} creates a mailbox collector and imports the
 * backlog in one run (time, memory growth); {"mode":"http","secret":…} creates an HTTP
 * collector for the `medusa start` host the bench then posts to. Answers one `BENCH_INTAKE {json}` line.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { runMailboxCollector } from "medusa-plugin-messaging/workflows"

export default async function benchIntake({ container }: ExecArgs) {
  const input = JSON.parse(process.env.BENCH_INTAKE ?? "{}")
  const intake = container.resolve("intake") as any
  const say = (o: unknown) => console.log(`BENCH_INTAKE ${JSON.stringify(o)}`)
  if (input.mode === "http") {
    const [c] = await intake.createIntakeCollectors([
      {
        name: "Bench website",
        type: "http",
        config: { auth: "bearer", max_bytes: 1_048_576 },
        secrets: { secret: input.secret },
      },
    ])
    say({ collector_id: c.id })
    return
  }
  const [row] = await intake.createIntakeCollectors([
    {
      name: "Bench mailbox",
      type: "mailbox",
      config: { ...input.imap, tls: false, mailbox: "INBOX", keyword: "ORDER" },
      secrets: { password: input.password },
    },
  ])
  global.gc?.()
  const before = process.memoryUsage()
  let peakRss = before.rss
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100)
  const started = process.hrtime.bigint()
  const run = await runMailboxCollector(container, row, "bench")
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  clearInterval(sampler)
  const after = process.memoryUsage()
  const [, leads] = await intake.listAndCountIntakeLeads({ collector_id: row.id }, { take: 1 })
  say({
    run,
    seconds,
    leads,
    rss_growth_mb: (peakRss - before.rss) / 2 ** 20,
    heap_growth_mb: (after.heapUsed - before.heapUsed) / 2 ** 20,
  })
}
