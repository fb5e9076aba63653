/**
 * The two shops of benchmarks 2 and 3: the bench host with the plugin (A) and the same
 * host without it (B, MESSAGING_PLUGIN_DISABLED=true), each `medusa start` (shared worker
 * mode, production) on its own port and database. Both databases are clones of one
 * prepared database (prepareShopTemplate): the same seeded shop, the same orders for the
 * latency benchmark, the same carts ready to complete for the checkout benchmark.
 */
import axios, { type AxiosInstance } from "axios"
import { freePort } from "../../test/support/free-port"
import type { ShopSeed } from "../../test/support/seed-shop"
import type { BenchContext } from "./context"
import { createDatabase, dropDatabase } from "../../test/support/db"
import { type Host, startHost, startWorker, stopProc, waitHealthy } from "./proc"

export interface PreparedShop {
  db: string
  seed: ShopSeed
  orderIds: string[]
  cartIds: string[]
}

/** A clone of the template with the shop seeded, `orders` orders and `carts` carts (one medusa exec process). */
export async function prepareShopTemplate(
  ctx: BenchContext,
  db: string,
  orders: number,
  carts: number
): Promise<PreparedShop> {
  await createDatabase(ctx.pg, db, ctx.templateDb)
  const worker = startWorker(
    "shop-prepare",
    { ...ctx.baseEnv, DATABASE_URL: ctx.pg.url(db), MESSAGING_PLUGIN_DISABLED: "true" },
    ctx.logDir
  )
  try {
    await worker.ready
    const r = await worker.call("prepareShop", { orders, carts, concurrency: 2 })
    return { db, seed: r.seed, orderIds: r.order_ids, cartIds: r.cart_ids }
  } finally {
    await worker.stop()
  }
}

export interface Shop {
  name: string
  db: string
  host: Host
  api: AxiosInstance
  seed: ShopSeed
  /** Orders for the latency benchmark. */
  orderIds: string[]
  /** Carts ready to complete (the same ids in both shops). */
  cartIds: string[]
}

export interface Shops {
  withPlugin: Shop
  withoutPlugin: Shop
  stop(): Promise<void>
}

export async function startShops(ctx: BenchContext, prepared: PreparedShop): Promise<Shops> {
  const specs = [
    { name: "shop-with-plugin", db: "bench_shop_plugin", disabled: false },
    { name: "shop-without-plugin", db: "bench_shop_plain", disabled: true },
  ]
  const hosts: Host[] = []
  // A real network delivers: the fake BSG server keeps messages "sent" forever, and the
  // plugin polls the status of "sent" BSG messages every 30 s. Mark what it accepted
  // "delivered" 2–4 s later, so each message is polled about once, as in a shop.
  const seen = new Set<string>()
  const deliver = setInterval(() => {
    for (const m of ctx.bsg.messages.values()) {
      if (m.status !== "sent") continue
      if (seen.delete(m.id)) m.status = "delivered"
      else seen.add(m.id)
    }
  }, 2000)
  const stop = async () => {
    clearInterval(deliver)
    await Promise.all(hosts.map((h) => stopProc(h.proc, 10_000)))
    for (const s of specs) await dropDatabase(ctx.pg, s.db).catch(() => undefined)
  }
  try {
    const shops = await Promise.all(
      specs.map(async (s) => {
        await createDatabase(ctx.pg, s.db, prepared.db)
        const port = await freePort()
        const host = await startHost(
          s.name,
          port,
          {
            ...ctx.baseEnv,
            DATABASE_URL: ctx.pg.url(s.db),
            MESSAGING_PLUGIN_DISABLED: s.disabled ? "true" : "false",
            MESSAGING_PLUGIN_OPTIONS: JSON.stringify(ctx.pluginOptions()),
            MEDUSA_WORKER_MODE: "shared",
            // BENCH_PROFILE_DIR: a V8 CPU profile of each shop, written when it stops
            ...(process.env.BENCH_PROFILE_DIR
              ? {
                  NODE_OPTIONS: `--require ${require.resolve("./cpu-profile-preload.js")}`,
                  BENCH_CPU_PROFILE_DIR: `${process.env.BENCH_PROFILE_DIR}/${s.name}`,
                }
              : {}),
          },
          ctx.logDir
        )
        hosts.push(host)
        return { s, host }
      })
    )
    await Promise.all(shops.map(({ host }) => waitHealthy(host)))
    const ready = shops.map(({ s, host }): Shop => ({
      name: s.name,
      db: s.db,
      host,
      api: axios.create({ baseURL: host.url, timeout: 120_000 }),
      seed: prepared.seed,
      orderIds: prepared.orderIds,
      cartIds: [...prepared.cartIds],
    }))
    return { withPlugin: ready[0], withoutPlugin: ready[1], stop }
  } catch (e) {
    await stop()
    throw e
  }
}
