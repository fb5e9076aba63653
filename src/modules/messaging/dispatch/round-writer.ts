/**
 * Writes a round's results as they are known and lets go of those rows' lease; keeps the
 * accounts a message must not go through again until its requeue is written.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { AccountRow } from "../repositories/accounts"
import {
  type AcceptedUpdate,
  type RequeueUpdate,
  markAccepted,
  markRetryOrFailed,
  saveExcludedAccounts,
} from "../repositories/message-results"
import type { MessageRow } from "../repositories/messages"
import type { RoundResult } from "./dispatcher-deps"
import type { ClaimLease } from "./lease"
import { persistently } from "./persistently"

export class RoundWriter {
  private exclusions_ = new Map<string, string[]>()

  constructor(private readonly now: () => Date) {}

  /**
   * Write one group of results as soon as it is known, and let go of those rows' lease.
   * A write that fails (the database restarting) is tried again for a few seconds: the
   * provider's answer is worth keeping — without it the message ends `unknown` or is
   * looked up again.
   */
  async write(
    knex: Knex,
    lease: ClaimLease,
    result: RoundResult,
    accepted: AcceptedUpdate[],
    requeue: RequeueUpdate[],
    fallbackAt?: Map<string, Date>,
    account?: AccountRow
  ) {
    const now = this.now()
    if (accepted.length && account) {
      const ok = await persistently(() => markAccepted(knex, accepted, account, now, { fallback_at: fallbackAt }))
      result.accepted += ok.length
    }
    if (requeue.length) {
      await persistently(() => this.persistExclusions(knex, requeue))
      await persistently(() => markRetryOrFailed(knex, requeue, "dispatcher", now))
      this.count(result, requeue)
    }
    lease.release([...accepted.map((a) => a.id), ...requeue.map((r) => r.id)])
  }

  /** This account is not to be tried again for the message (saved with its requeue). */
  exclude(m: MessageRow, accountId: string) {
    const meta = (m.metadata as Record<string, unknown> | null) ?? {}
    const list = [...((meta.excluded_accounts as string[]) ?? []), accountId]
    this.exclusions_.set(m.id, list)
  }

  private count(result: RoundResult, items: RequeueUpdate[]) {
    for (const it of items) {
      if (it.status === "failed") result.failed++
      else result.retried++
    }
  }

  private async persistExclusions(knex: Knex, items: RequeueUpdate[]) {
    for (const it of items) {
      const list = this.exclusions_.get(it.id)
      if (!list) continue
      await saveExcludedAccounts(knex, it.id, list)
      this.exclusions_.delete(it.id)
    }
  }
}
