/**
 * `medusa exec ./src/scripts/dispatch-all.ts`: run the dispatcher in this process until
 * nothing is queued (used to run several dispatcher processes against one database).
 * It prints DISPATCH_ALL_READY once the app is up, so that a test can make its rows due
 * when every process is there to compete for them, and DISPATCHED <n> at the end.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { sleep } from "../../../../test/support/wait"

export default async function dispatchAll({ container }: ExecArgs) {
  const messaging = container.resolve("messaging") as any
  if (process.env.DISPATCH_ALL_VERBOSE)
    console.log(
      "accounts",
      JSON.stringify(
        await messaging.withKnex((knex: any) =>
          knex("messaging_provider_account").select("key", "type", "enabled", "channels", "deleted_at", "health_status")
        )
      )
    )
  console.log("DISPATCH_ALL_READY")
  let claimed = 0
  let idle = 0
  while (idle < 3) {
    const r = await messaging.dispatchNow()
    claimed += r.claimed
    if (process.env.DISPATCH_ALL_VERBOSE) console.log(`round ${JSON.stringify(r)}`)
    const pending = await messaging.withKnex(async (knex: any) => {
      const [{ n }] = await knex("messaging_message").whereIn("status", ["queued", "sending"]).count("* as n")
      return Number(n)
    })
    idle = pending === 0 && r.claimed === 0 ? idle + 1 : 0
    if (r.claimed === 0) await sleep(100)
  }
  console.log(`DISPATCHED ${claimed}`)
}
