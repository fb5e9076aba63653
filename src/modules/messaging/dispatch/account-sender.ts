/**
 * Sends one account's share of a round: lookups by reference first, then the rest in the
 * provider's batch size, up to the account's concurrency and under its rate limit; each
 * request's results are written as they arrive and the account's health follows them.
 */
import type { ProbingProvider } from "../providers"
import type { OutboundMessage, SendResult } from "../providers/types"
import {
  type AccountRow,
  type HealthTransitionResult,
  recordAccountFailure,
  recordAccountSuccess,
} from "../repositories/accounts"
import { markSendingTo, retryNowElsewhere } from "../repositories/message-results"
import type { MessageRow } from "../repositories/messages"
import { type AccountPool, deadlineOf } from "./account-pool"
import type { DispatcherDeps, DispatcherSettings, RoundResult } from "./dispatcher-deps"
import type { ClaimLease } from "./lease"
import { chunkOutcome, lookUpFirst } from "./outcomes"
import { requeuer, retryOrFail } from "./requeue"
import type { RoundWriter } from "./round-writer"
import { toOutbound } from "./routing"

export class AccountSender {
  constructor(
    private readonly deps: DispatcherDeps,
    private readonly pool_: AccountPool,
    private readonly writer_: RoundWriter,
    private readonly now: () => Date
  ) {}

  async send(
    account: AccountRow,
    messages: MessageRow[],
    s: DispatcherSettings,
    result: RoundResult,
    lease: ClaimLease
  ) {
    let adapter: ProbingProvider
    const knex = await this.deps.knex()
    try {
      adapter = this.pool_.adapterFor(account)
    } catch (e) {
      const error = `account "${account.name}" is misconfigured: ${(e as Error).message}`
      await this.writer_.write(
        knex,
        lease,
        result,
        [],
        messages.map((m) => retryOrFail(m, error, "config", s, this.now()))
      )
      await this.health(
        account,
        await recordAccountFailure(
          knex,
          account.id,
          error,
          { threshold: s.failureThreshold, immediate: true },
          this.now()
        ),
        error
      )
      return
    }

    const toSend = await this.lookUpFirst(account, adapter, messages, s, result, lease)
    for (const m of toSend) if (m.maybe_accepted) m.maybe_accepted = false

    const batchSize = Math.max(1, adapter.capabilities.maxBatchSize)
    const concurrency = Math.max(1, Number((account.config as Record<string, unknown>)?.concurrency) || 4)
    const chunks: MessageRow[][] = []
    for (let i = 0; i < toSend.length; i += batchSize) chunks.push(toSend.slice(i, i + batchSize))
    const inFlight = this.pool_.inFlight(account.id, concurrency)
    const queue = [...chunks]
    const workers = await Promise.allSettled(
      Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
        for (let chunk = queue.shift(); chunk; chunk = queue.shift()) {
          await inFlight.acquire()
          try {
            await this.sendChunk(account, adapter, chunk, s, result, lease)
          } catch (e) {
            queue.length = 0 // (the database is gone?) start nothing new; the rest stays claimed until its lease runs out
            throw e
          } finally {
            inFlight.release()
          }
        }
      })
    )
    const failure = workers.find((r): r is PromiseRejectedResult => r.status === "rejected")
    if (failure) throw failure.reason
  }

  /** Lookups by reference first (a message that may already be at the provider); returns what still needs sending. */
  private async lookUpFirst(
    account: AccountRow,
    adapter: ProbingProvider,
    messages: MessageRow[],
    s: DispatcherSettings,
    result: RoundResult,
    lease: ClaimLease
  ): Promise<MessageRow[]> {
    if (!messages.some((m) => m.maybe_accepted && adapter.capabilities.lookupByReference)) return messages
    const knex = await this.deps.knex()
    const { toSend, accepted, requeue, lookupError } = await lookUpFirst(
      account,
      adapter,
      messages,
      requeuer(s, () => this.now())
    )
    await this.writer_.write(knex, lease, result, accepted, requeue, undefined, account)
    if (lookupError) {
      await this.health(
        account,
        await recordAccountFailure(knex, account.id, lookupError, { threshold: s.failureThreshold }, this.now()),
        lookupError
      )
    }
    return toSend
  }

  /** One provider request (or the adapter's handful), its results written as soon as they are back. */
  private async sendChunk(
    account: AccountRow,
    adapter: ProbingProvider,
    chunk: MessageRow[],
    s: DispatcherSettings,
    result: RoundResult,
    lease: ClaimLease
  ) {
    const knex = await this.deps.knex()
    await this.pool_.bucket(account).acquire(1)
    if (!lease.canStart(deadlineOf(account, s.stuckAfterMs))) {
      // The claim could run out before the answer: not sent, back in the queue at once.
      const reason = "not sent: the claim on it could run out before the provider answers (database unreachable?)"
      await this.writer_.write(
        knex,
        lease,
        result,
        [],
        chunk.map((m) => ({
          id: m.id,
          status: "queued" as const,
          next_attempt_at: this.now(),
          error: reason,
          error_code: "lease",
          refund_attempt: true,
          claimed_at: m.claimed_at,
        }))
      )
      return
    }
    // Where it is going, and that it may be there from now on: a crash mid-request leaves both on the row.
    const mine = new Set(
      await markSendingTo(
        knex,
        chunk.map((m) => m.id),
        account,
        this.deps.workerId
      )
    )
    lease.release(chunk.filter((m) => !mine.has(m.id)).map((m) => m.id))
    chunk = chunk.filter((m) => mine.has(m.id))
    if (!chunk.length) return
    const fallbackAt = new Map<string, Date>()
    const outbound = chunk.map((m) => this.toOutbound(m, account, adapter, fallbackAt))
    let results: SendResult[]
    try {
      results = await adapter.send(outbound, { signal: lease.signal })
    } catch (e) {
      // Adapters map provider errors to results; a throw is a bug or a transport failure (it may have gone out).
      results = chunk.map((m) => ({
        id: m.id,
        outcome: "retry" as const,
        kind: "unavailable" as const,
        code: "exception",
        reason: (e as Error).message,
        maybe_accepted: true,
      }))
    }
    const o = chunkOutcome(
      account,
      adapter,
      chunk,
      results,
      requeuer(s, () => this.now())
    )
    for (const r of results) {
      if (r.outcome !== "accepted" || !r.migrated_to) continue
      const m = chunk.find((c) => c.id === r.id)
      if (m)
        await this.deps
          .onChatMigrated?.(m, r.migrated_to)
          .catch((e) =>
            this.deps.logger.error(`messaging: could not save the migrated chat id: ${(e as Error).message}`)
          )
    }
    for (const m of o.excluded) this.writer_.exclude(m, account.id)
    if (this.deps.onOptOut) {
      for (const m of o.optedOut)
        await this.deps
          .onOptOut(m.recipient, m.channel === "omni" ? "sms" : m.channel, `provider:${account.type}`)
          .catch(() => undefined)
    }
    if (o.failures > 0 && o.successes === 0) {
      const t = await recordAccountFailure(
        knex,
        account.id,
        o.accountLevelError ?? "temporary failure",
        { threshold: s.failureThreshold, immediate: !!o.accountLevelError },
        this.now()
      )
      if (t.transition) {
        this.pool_.invalidate()
        // Failover: what is waiting for a retry may go to the next account right away.
        // (A maybe-accepted message waits for this account only if it can be asked by reference.)
        for (const it of o.requeue) {
          if (it.status === "queued" && (!it.maybe_accepted || !adapter.capabilities.lookupByReference))
            it.next_attempt_at = this.now()
        }
      }
      await this.writer_.write(knex, lease, result, o.accepted, o.requeue, fallbackAt, account)
      // …including what earlier requests to it left waiting.
      if (t.transition === "went_down")
        await retryNowElsewhere(knex, account.id, adapter.capabilities.lookupByReference, this.now())
      await this.health(account, t, o.accountLevelError ?? o.firstError)
      return
    }
    await this.writer_.write(knex, lease, result, o.accepted, o.requeue, fallbackAt, account)
    if (o.successes > 0 && (account.consecutive_failures > 0 || account.health_status === "unhealthy")) {
      const t = await recordAccountSuccess(knex, account.id, this.now())
      if (t.transition) this.pool_.invalidate()
      await this.health(account, t, null)
    }
  }

  private async health(account: AccountRow, change: HealthTransitionResult, error: string | null) {
    if (!change.transition) return
    this.deps.logger.warn(
      change.transition === "went_down"
        ? `messaging: provider account "${account.name}" (${account.type}) is unreachable; failing over`
        : `messaging: provider account "${account.name}" (${account.type}) recovered`
    )
    await this.deps
      .onHealthTransition?.(account, change, error)
      .catch((e) => this.deps.logger.error(`messaging: alert failed: ${(e as Error).message}`))
  }

  private toOutbound(
    m: MessageRow,
    account: AccountRow,
    adapter: ProbingProvider,
    fallbackAt: Map<string, Date>
  ): OutboundMessage {
    return toOutbound(m, account, adapter, fallbackAt, this.now(), this.deps.settings().publicUrl)
  }
}
