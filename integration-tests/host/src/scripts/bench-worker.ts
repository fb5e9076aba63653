/**
 * `medusa exec ./src/scripts/bench-worker.ts` (cwd integration-tests/host): a Medusa process that the
 * benchmark drives over stdin/stdout. It boots the app once (plugin, modules, database),
 * prints `BENCH_RPC {"type":"ready"}`, then runs one JSON command per stdin line and
 * answers with one `BENCH_RPC {...}` line. Commands:
 *
 *   enqueue  { n, prefix }              n SMS into the outbox with messaging.enqueueMessages
 *   dispatch {}                         messaging.dispatchNow() until nothing is queued or sending
 *   notify   { n, concurrency, prefix } Notification Module: createNotifications, one per call,
 *                                      `concurrency` callers in parallel
 *   bulk     { n, chunk, rate, startInMs, prefix }  a campaign enqueued like the admin's
 *                                      startCampaign (enqueueManualMessages per chunk), RSS sampled
 *   idsAB    { n, chunk, rate }          the bulk enqueue with pooled ids vs Medusa's generateEntityId, alternating
 *   dispatchLoop { everyMs }            run the dispatcher like the scheduled job, in the background
 *   prepareShop { orders, carts }       seed the shop (test/support/seed-shop), create `orders` orders
 *                                      with the Order Module and `carts` carts ready to complete
 *   exit
 */
import fs from "node:fs"
import inspector from "node:inspector"
import path from "node:path"
import readline from "node:readline"
import {
  addShippingMethodToCartWorkflow,
  createCartWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
} from "@medusajs/core-flows"
import type { ExecArgs } from "@medusajs/framework/types"
import { Modules, generateEntityId } from "@medusajs/framework/utils"
import { seedShop } from "../../../../test/support/seed-shop"
import { sleep } from "../../../../test/support/wait"

type Handler = (args: any) => Promise<unknown>

const reply = (payload: Record<string, unknown>) => process.stdout.write(`BENCH_RPC ${JSON.stringify(payload)}\n`)
const gc = () => (globalThis as { gc?: () => void }).gc?.()

/** With BENCH_PROFILE_DIR set: a V8 CPU profile of `fn` written there (for finding a bottleneck). */
async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T & { profile?: string }> {
  const dir = process.env.BENCH_PROFILE_DIR
  if (!dir) return (await fn()) as T & { profile?: string }
  const session = new inspector.Session()
  session.connect()
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) =>
      session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res)))
    )
  await post("Profiler.enable")
  await post("Profiler.setSamplingInterval", { interval: 500 })
  await post("Profiler.start")
  const result = await fn()
  const { profile } = await post("Profiler.stop")
  session.disconnect()
  fs.mkdirSync(dir, { recursive: true })
  const file = `${dir}/${name}-${process.pid}-${Date.now()}.cpuprofile`
  fs.writeFileSync(file, JSON.stringify(profile))
  return { ...result, profile: file }
}

const phone = (i: number) => `+38067${String(1_000_000 + i).padStart(7, "0")}`

export default async function benchWorker({ container }: ExecArgs) {
  // resolved when first used: the shop-preparing process runs without the plugin
  let messaging_: any = null
  const messagingOf = () => (messaging_ ??= container.resolve("messaging"))
  const messaging = new Proxy({}, { get: (_t, key) => (messagingOf() as any)[key].bind(messagingOf()) }) as any
  const knexCount = async (sql: string, bindings: unknown[] = []): Promise<number> =>
    messaging.withKnex(async (knex: any) => Number((await knex.raw(sql, bindings)).rows[0].n))

  const handlers: Record<string, Handler> & ThisType<Record<string, Handler>> = {
    async ping() {
      return { pid: process.pid, rss: process.memoryUsage().rss }
    },

    async enqueue({ n, prefix }: { n: number; prefix: string }) {
      const started = Date.now()
      let created = 0
      for (let i = 0; i < n; i += 1000) {
        const rows = []
        for (let j = i; j < Math.min(n, i + 1000); j++) {
          rows.push({
            channel: "sms",
            recipient: phone(j),
            audience: "customer",
            body: `Demo Shop: thank you! Order #${100000 + j} is received. Total: ${(25 + (j % 50)).toFixed(2)} EUR. We will text you when it ships.`,
            sender: "MyShop",
            encoding: "GSM-7",
            segments: 1,
            event_name: "order.placed",
            template_code: "BW_ORDER_PLACED",
            idempotency_key: `${prefix}|${j}`,
          })
        }
        created += (await messaging.enqueueMessages(rows)).length
      }
      return { created, ms: Date.now() - started }
    },

    async dispatch() {
      return profiled("dispatch", () => this.dispatch_({}))
    },

    async dispatch_() {
      const started = Date.now()
      const total = { claimed: 0, accepted: 0, retried: 0, failed: 0, calls: 0 }
      for (;;) {
        const r = await messaging.dispatchNow()
        total.calls++
        total.claimed += r.claimed
        total.accepted += r.accepted
        total.retried += r.retried
        total.failed += r.failed
        if (r.claimed > 0) continue
        const pending = await knexCount(
          `SELECT count(*)::int AS n FROM messaging_message WHERE (status = 'queued' AND next_attempt_at <= now()) OR status = 'sending'`
        )
        if (pending === 0) break
        await sleep(5)
      }
      return { ...total, ms: Date.now() - started }
    },

    async notify(args: { n: number; concurrency: number; prefix: string }) {
      return profiled("notify", () => this.notify_(args))
    },

    async notify_({ n, concurrency, prefix }: { n: number; concurrency: number; prefix: string }) {
      const notification = container.resolve(Modules.NOTIFICATION) as any
      const started = Date.now()
      let next = 0
      let failed = 0
      let firstError: string | null = null
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          for (let i = next++; i < n; i = next++) {
            try {
              await notification.createNotifications({
                to: phone(i),
                channel: "sms",
                template: "order-placed",
                content: {
                  text: `Demo Shop: thank you! Order #${100000 + i} is received. Total: ${(25 + (i % 50)).toFixed(2)} EUR. We will text you when it ships.`,
                },
                data: { reference: `${prefix}${i}` },
                idempotency_key: `${prefix}|${i}`,
              })
            } catch (e) {
              failed++
              firstError ??= (e as Error).message
            }
          }
        })
      )
      return { sent: n - failed, failed, firstError, ms: Date.now() - started, started, ended: Date.now() }
    },

    async bulk(args: { n: number; chunk: number; rate: number; startInMs: number; prefix: string }) {
      return profiled("bulk", () => this.bulk_(args))
    },

    async bulk_({
      n,
      chunk,
      rate,
      startInMs,
      prefix,
    }: {
      n: number
      chunk: number
      rate: number
      startInMs: number
      prefix: string
    }) {
      const recipients = Array.from({ length: n }, (_, i) => phone(i))
      const body = "Demo Shop: spring sale! -20% on everything until Sunday. Reply STOP to opt out."
      gc()
      const rssBefore = process.memoryUsage().rss
      const heapBefore = process.memoryUsage().heapUsed
      let rssPeak = rssBefore
      // what the RSS is made of at its peak: V8's heap (committed / used) and memory
      // outside it (Buffers and other external allocations)
      let atPeak = process.memoryUsage()
      const sampler = setInterval(() => {
        const m = process.memoryUsage()
        if (m.rss > rssPeak) {
          rssPeak = m.rss
          atPeak = m
        }
      }, 10)
      const started = Date.now()
      const start = new Date(started + startInMs)
      const campaign = await messaging.createMessagingCampaigns({
        name: `bench ${prefix}`,
        channel: "sms",
        status: "enqueuing",
        body,
        sales_channel_id: null,
        audience: { type: "phones", pasted_numbers: n },
        rate_per_second: rate,
        total: n,
        skipped: 0,
        estimated_parts: n,
        created_by: null,
        started_at: start,
      })
      let created = 0
      let skipped = 0
      for (let i = 0; i < n; i += chunk) {
        // what the admin's startCampaign does per chunk: check for a cancel, then enqueue
        const current = await messaging.retrieveMessagingCampaign(campaign.id)
        if (current.status === "canceled") break
        const r = await messaging.enqueueManualMessages({
          channel: "sms",
          recipients: recipients.slice(i, i + chunk),
          body,
          campaign_id: campaign.id,
          marketing: true,
          created_by: null,
          idempotency_prefix: campaign.id,
          schedule: { start, rate_per_second: rate, offset: i },
        })
        created += r.created.length
        skipped += r.skipped.length
      }
      await messaging.updateMessagingCampaigns({ id: campaign.id, status: "running" })
      const ms = Date.now() - started
      clearInterval(sampler)
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss)
      const heapAtEnd = process.memoryUsage().heapUsed
      gc()
      const afterGc = process.memoryUsage()
      return {
        heapBefore,
        heapAtEnd,
        heapAfterGc: afterGc.heapUsed,
        rssAfterGc: afterGc.rss,
        campaign_id: campaign.id,
        created,
        skipped,
        ms,
        start: start.toISOString(),
        rssBefore,
        rssPeak,
        atPeak,
        maxRssLifetime: process.resourceUsage().maxRSS * 1024,
      }
    },

    async idsAB({ n, chunk, rate }: { n: number; chunk: number; rate: number }) {
      // The same enqueue with the plugin's pooled-CSPRNG ulid (repositories/ids.ts) and with
      // Medusa's generateEntityId swapped in, alternating: what the pooled ids are worth.
      // Slots an hour ahead: nothing of it is dispatched meanwhile.
      const file = fs.realpathSync(
        path.join(
          process.cwd(),
          "node_modules/medusa-plugin-messaging/.medusa/server/src/modules/messaging/repositories/ids.js"
        )
      )
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module instance the plugin loaded
      const ids = require(file) as { newId: (prefix: string, now?: number) => string }
      const pooled = ids.newId
      const medusa = (prefix: string) => generateEntityId(undefined, prefix)
      const ms: Record<"pooled" | "medusa", number[]> = { pooled: [], medusa: [] }
      for (let round = 0; round < 2; round++) {
        for (const variant of ["pooled", "medusa"] as const) {
          ids.newId = variant === "pooled" ? pooled : medusa
          try {
            const r = (await this.bulk_({
              n,
              chunk,
              rate,
              startInMs: 3_600_000,
              prefix: `ids-${variant}-${round}`,
            })) as {
              ms: number
            }
            ms[variant].push(r.ms)
          } finally {
            ids.newId = pooled
          }
        }
      }
      return ms
    },

    async dispatchLoop({ everyMs = 5000 }: { everyMs?: number }) {
      // Like the plugin's scheduled job (messaging-dispatch, every 5 s): dispatchNow() on
      // every tick, whatever the previous one is doing (calls during a drain share it).
      // Between ticks only the module itself dispatches. Runs until the process is stopped.
      const tick = () =>
        void messaging.dispatchNow().catch((e: Error) => process.stderr.write(`dispatch failed: ${e.message}\n`))
      tick()
      setInterval(tick, everyMs)
      return { started: Date.now() }
    },

    async prepareShop({
      orders = 0,
      carts = 0,
      concurrency = 2,
    }: {
      orders?: number
      carts?: number
      concurrency?: number
    }) {
      const seed = await seedShop(container)
      const orderModule = container.resolve(Modules.ORDER) as any
      const orderIds: string[] = []
      for (let i = 0; i < orders; i += 100) {
        const batch = Array.from({ length: Math.min(100, orders - i) }, (_, k) => {
          const n = i + k
          const address = {
            first_name: "Olena",
            last_name: `Shevchenko ${n}`,
            address_1: "Khreshchatyk 22",
            city: "Kyiv",
            postal_code: "01001",
            country_code: "ua",
            phone: `+38050${String(2_000_000 + n).padStart(7, "0")}`,
          }
          return {
            region_id: seed.region.id,
            sales_channel_id: seed.salesChannels.web.id,
            email: `buyer${n}@example.com`,
            currency_code: "eur",
            status: "pending",
            shipping_address: address,
            billing_address: address,
            items: [
              {
                title: "Medusa T-Shirt",
                product_title: "Medusa T-Shirt",
                variant_title: seed.variants[0].title,
                variant_id: seed.variants[0].id,
                product_id: seed.product.id,
                quantity: 1 + (n % 3),
                unit_price: 25,
              },
            ],
          }
        })
        const created = await orderModule.createOrders(batch)
        orderIds.push(...created.map((o: { id: string }) => o.id))
      }
      // carts ready to complete, built with the workflows the Store API cart routes run
      const cartIds: string[] = []
      let next = 0
      const oneCart = async (k: number) => {
        const phone = `+38063${String(3_000_000 + k).padStart(7, "0")}`
        const address = {
          first_name: "Olena",
          last_name: "Shevchenko",
          address_1: "Khreshchatyk 22",
          city: "Kyiv",
          postal_code: "01001",
          country_code: "ua",
          phone,
        }
        const { result: cart } = await createCartWorkflow(container).run({
          input: {
            region_id: seed.region.id,
            sales_channel_id: seed.salesChannels.web.id,
            email: `shopper${k}@example.com`,
            items: [{ variant_id: seed.variants[0].id, quantity: 1 }],
            shipping_address: address,
            billing_address: address,
          },
        })
        await addShippingMethodToCartWorkflow(container).run({
          input: { cart_id: cart.id, options: [{ id: seed.shippingOption.id }] },
        })
        const { result: collection } = await createPaymentCollectionForCartWorkflow(container).run({
          input: { cart_id: cart.id },
        })
        await createPaymentSessionsWorkflow(container).run({
          input: { payment_collection_id: collection.id, provider_id: "pp_system_default" },
        })
        return cart.id
      }
      await Promise.all(
        Array.from({ length: Math.max(1, concurrency) }, async () => {
          for (let i = next++; i < carts; i = next++) cartIds[i] = await oneCart(i)
        })
      )
      return { seed, order_ids: orderIds, cart_ids: cartIds }
    },

    async exit() {
      return { bye: true }
    },
  }

  reply({ type: "ready", pid: process.pid, rss: process.memoryUsage().rss })
  const rl = readline.createInterface({ input: process.stdin })
  for await (const line of rl) {
    if (!line.trim()) continue
    let msg: { id: number; cmd: string; args?: unknown }
    try {
      msg = JSON.parse(line)
    } catch {
      continue
    }
    const handler = handlers[msg.cmd]
    try {
      if (!handler) throw new Error(`unknown command ${msg.cmd}`)
      const result = await handler.call(handlers, msg.args ?? {})
      reply({ type: "result", id: msg.id, ok: true, result })
    } catch (e) {
      reply({ type: "result", id: msg.id, ok: false, error: (e as Error)?.stack ?? String(e) })
    }
    if (msg.cmd === "exit") break
  }
  rl.close()
}
