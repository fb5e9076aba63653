/**
 * Seed the demo shop: `npx medusa exec ./src/scripts/seed-demo.ts` in integration-tests/host.
 * Prints one line `SEED_RESULT {json}` (publishable keys, ids) for scripts to parse.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { seedShop } from "../../../../test/support/seed-shop"

export default async function seedDemo({ container }: ExecArgs) {
  const seed = await seedShop(container)
  process.stdout.write(`SEED_RESULT ${JSON.stringify(seed)}\n`)
}
