/**
 * The scheduled job's work: every enabled mailbox collector in turn, each on its own (one
 * that fails does not stop the others). A failing mailbox is retried with backoff (1, 2, 4 …
 * minutes, at most an hour), shows its last error, and alerts the shop once per outage.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { collectorBackoffMs, mailboxConfig } from "../../../modules/intake/collector-config"
import { mailboxError } from "../../../modules/intake/mailbox/imap"
import { intakeOf } from "../intake"
import { type PollResult, WORKER_ID, pollMailbox } from "./poll-mailbox"
import { recordMailboxRunWorkflow } from "./record-run"

export type CollectorRun = { collector_id: string } & (
  { ok: true; result: PollResult } | { ok: false; error: string } | { ok: null; skipped: "backoff" }
)

export async function runMailboxCollector(
  container: MedusaContainer,
  row: Record<string, any>,
  worker = WORKER_ID,
  now = new Date()
): Promise<CollectorRun> {
  if (row.next_run_at && new Date(row.next_run_at) > now) return { collector_id: row.id, ok: null, skipped: "backoff" }
  const password = String(row.secrets?.password ?? "")
  const ref = {
    id: row.id,
    type: "mailbox" as const,
    sales_channel_id: row.sales_channel_id,
    region_id: row.region_id,
    assignee_user_id: row.assignee_user_id,
    assignee_group: row.assignee_group,
  }
  try {
    const config = mailboxConfig(row.config)
    const result = await pollMailbox(container, ref, config, password, worker)
    await recordMailboxRunWorkflow(container).run({
      input: {
        state: {
          id: row.id,
          last_run_at: now,
          last_success_at: new Date(),
          last_error: null,
          consecutive_failures: 0,
          next_run_at: null,
          down_since: null,
          alerted_at: null,
        },
        alert: null,
      },
    })
    return { collector_id: row.id, ok: true, result }
  } catch (e) {
    const error = mailboxError(e, password)
    const failures = (row.consecutive_failures ?? 0) + 1
    const downSince = row.down_since ? new Date(row.down_since) : now
    await recordMailboxRunWorkflow(container).run({
      input: {
        state: {
          id: row.id,
          last_run_at: now,
          last_error: error,
          consecutive_failures: failures,
          next_run_at: new Date(now.getTime() + collectorBackoffMs(failures)),
          down_since: downSince,
        },
        alert: {
          collector_id: row.id,
          name: row.name,
          error,
          down_since: downSince.toISOString(),
          alert_email: (row.config?.alert_email as string) ?? null,
        },
      },
    })
    return { collector_id: row.id, ok: false, error }
  }
}

export async function runMailboxCollectors(container: MedusaContainer, worker = WORKER_ID): Promise<CollectorRun[]> {
  const rows = await intakeOf(container).listIntakeCollectors(
    { type: "mailbox", enabled: true },
    { order: { created_at: "ASC" } }
  )
  const runs: CollectorRun[] = []
  for (const row of rows) {
    try {
      runs.push(await runMailboxCollector(container, row, worker))
    } catch (e) {
      container.resolve("logger").error(`intake: collector ${row.id} run not recorded: ${(e as Error).message}`)
    }
  }
  return runs
}
