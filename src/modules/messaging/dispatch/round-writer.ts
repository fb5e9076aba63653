/**
 * Writes a round's results as they are known and lets go of those rows' lease; keeps the
 * accounts a message must not go through again until its requeue is written. The
 * per-request writes of one account (sending to it, accepted by it) are group-committed
 * across concurrent requests and rounds (write-batcher.ts).
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { AccountRow } from "../repositories/accounts"
import {
  type AcceptedUpdate,
  type RequeueUpdate,
  markAccepted,
  markRetryOrFailed,
  markSendingTo,
  saveExcludedAccounts,
} from "../repositories/message-results"
import type { MessageRow } from "../repositories/messages"
import type { RoundResult } from "./dispatcher-deps"
import type { ClaimLease } from "./lease"
import { persistently } from "./persistently"
import { WriteBatcher } from "./write-batcher"

interface Pending<T> {
  knex: Knex
  account: AccountRow
  item: T
}

export class RoundWriter {
  private exclusions_ = new Map<string, string[]>()
  private readonly accepted_: WriteBatcher<Pending<{ update: AcceptedUpdate; fallbackAt?: Date }>, Set<string>>
  private readonly sending_: WriteBatcher<Pending<string>, Set<string>>

  constructor(
    private readonly now: () => Date,
    workerId: string
  ) {
    this.accepted_ = new WriteBatcher(async (_key, batch) => {
      const { knex, account } = batch[0]
      const fallbackAt = new Map<string, Date>()
      for (const { item } of batch) if (item.fallbackAt) fallbackAt.set(item.update.id, item.fallbackAt)
      const updates = batch.map((p) => p.item.update)
      return new Set(
        await persistently(() => markAccepted(knex, updates, account, this.now(), { fallback_at: fallbackAt }))
      )
    })
    this.sending_ = new WriteBatcher(async (_key, batch) => {
      const { knex, account } = batch[0]
      return new Set(
        await markSendingTo(
          knex,
          batch.map((p) => p.item),
          account,
          workerId
        )
      )
    })
  }

  /**
   * Flag rows as going to `account` (`maybe_accepted`) before their request goes out;
   * returns the ids this worker still holds.
   */
  async markSending(knex: Knex, ids: string[], account: AccountRow): Promise<string[]> {
    if (!ids.length) return []
    const mine = await this.sending_.write(
      account.id,
      ids.map((item) => ({ knex, account, item }))
    )
    return ids.filter((id) => mine.has(id))
  }

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
    if (accepted.length && account) {
      const ok = await this.accepted_.write(
        account.id,
        accepted.map((update) => ({ knex, account, item: { update, fallbackAt: fallbackAt?.get(update.id) } }))
      )
      for (const a of accepted) if (ok.has(a.id)) result.accepted++
    }
    const now = this.now()
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
