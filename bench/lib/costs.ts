/**
 * Unit costs measured during the run (in the benchmark process, same machine, same
 * moment), used to explain where the time of a dispatch round or of a bulk enqueue goes:
 *  - one id from Medusa's generateEntityId (ulid 2.4: 16 × crypto.randomBytes(1) per id),
 *    used for every outbox row and every timeline row, vs a ulid from a pooled PRNG;
 *  - masking the request/response summary of one 50-message BSG request, which the
 *    HTTP layer builds for the debug-log hook after every request, debug log on or off.
 */
import crypto from "node:crypto"
import { generateEntityId } from "@medusajs/framework/utils"
import { maskSecrets } from "../../src/modules/messaging/providers/mask"
import { BSG_API_KEY, SENDER } from "./context"

function usPerOp(fn: () => unknown, n: number): number {
  for (let i = 0; i < Math.min(2000, n); i++) fn()
  const t = process.hrtime.bigint()
  for (let i = 0; i < n; i++) fn()
  return Number(process.hrtime.bigint() - t) / 1e3 / n
}

export interface UnitCosts {
  /** µs per generateEntityId() */
  entityIdUs: number
  /** µs per ulid with a PRNG drawing from a 4 KB randomFillSync pool */
  pooledUlidUs: number
  /** µs to mask the request + response summaries of one 50-message BSG send */
  maskPerRequestUs: number
}

export function measureUnitCosts(): UnitCosts {
  const entityIdUs = usPerOp(() => generateEntityId(undefined, "mevt"), 20_000)
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a transitive dependency of Medusa, not ours
  const { factory } = require("ulid") as { factory: (prng: () => number) => () => string }
  const pool = Buffer.alloc(4096)
  let pos = pool.length
  const pooled = factory(() => {
    if (pos >= pool.length) {
      crypto.randomFillSync(pool)
      pos = 0
    }
    return pool[pos++] / 0xff
  })
  const pooledUlidUs = usPerOp(() => `mevt_${pooled()}`, 20_000)

  // what HttpClient.report() masks after each BSG batch send (src/modules/messaging/providers/http.ts)
  const phones = Array.from({ length: 50 }, (_, i) => ({
    msisdn: `38067${1_000_000 + i}`,
    reference: `msg01KAB${String(i).padStart(21, "0")}`,
    originator: SENDER,
    body: `Demo Shop: thank you! Order #${100000 + i} is received. Total: 25.00 EUR. We will text you when it ships.`,
  }))
  const request = {
    headers: { "X-API-KEY": BSG_API_KEY, Accept: "application/json", "Content-Type": "application/json" },
    body: { destination: "individual", validity: 72, tariff: 0, phones },
  }
  const response = {
    task_id: "1",
    result: phones.map((p, i) => ({
      error: 0,
      errorDescription: "No errors",
      reference: p.reference,
      id: String(200 + i),
      price: 0.23,
      currency: "EUR",
    })),
    total_price: 11.5,
    currency: "EUR",
  }
  const maskPerRequestUs = usPerOp(() => {
    maskSecrets(request, [BSG_API_KEY])
    maskSecrets(response, [BSG_API_KEY])
  }, 300)
  return { entityIdUs, pooledUlidUs, maskPerRequestUs }
}
