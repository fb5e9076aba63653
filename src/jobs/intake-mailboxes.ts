import type { MedusaContainer } from "@medusajs/framework/types"
import { runMailboxCollectors } from "../workflows/intake/mailbox/run-collectors"

/** Every enabled mailbox collector in turn, each on its own (backoff and alerts per collector). */
export default async function intakeMailboxesJob(container: MedusaContainer) {
  // Tests and the bench drive the runs themselves.
  if (process.env.INTAKE_MAILBOX_JOB === "off") return
  const runs = await runMailboxCollectors(container)
  const imported = runs.reduce((n, r) => n + (r.ok ? r.result.imported : 0), 0)
  if (imported) container.resolve("logger").info(`intake: ${imported} leads from ${runs.length} mailboxes`)
}

export const config = {
  name: "intake-mailboxes",
  schedule: { interval: 60_000 },
}
