/**
 * The dispatcher: claims due outbox rows (FOR UPDATE SKIP LOCKED), routes each to a
 * provider account (priority order, unhealthy accounts skipped = failover), sends them
 * in the provider's batch size under a per-account rate limit, and records every
 * result. Several processes can run it at once: a row is only ever claimed by one.
 *
 * Exactly once, honestly:
 *  - a claim is leased (worker id + `lease_expires_at`) and renewed while the round holds
 *    it (lease.ts); recovery only takes rows whose lease ran out,
 *  - every request has a hard deadline well below the lease (account-pool.ts), and none
 *    starts unless it can end before the lease is at risk,
 *  - before a request goes out its rows are flagged `maybe_accepted`; results are written
 *    per request as they arrive,
 *  - an open outcome is looked up where the provider can be asked by reference (BSG);
 *    elsewhere the account's `unknown_outcome` holds it (`unknown`) or sends it again.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { PROVIDER_CAPABILITIES, type ProbingProvider } from "../providers"
import type { OutboundMessage, SendResult } from "../providers/types"
import {
  type AccountRow,
  type HealthTransitionResult,
  recordAccountFailure,
  recordAccountSuccess,
} from "../repositories/accounts"
import {
  type AcceptedUpdate,
  type MessageRow,
  type RequeueUpdate,
  claimDueMessages,
  markAccepted,
  markRetryOrFailed,
  markSendingTo,
  recoverStuckMessages,
  renewLeases,
  retryNowElsewhere,
  saveExcludedAccounts,
} from "../repositories/messages"
import { withoutOptedOut } from "./consent-check"
import { AccountPool, deadlineOf } from "./account-pool"
import { ClaimLease } from "./lease"
import { chunkOutcome, lookUpFirst } from "./outcomes"
import { persistently } from "./persistently"
import { holdUnknown, requeuer, retryOrFail } from "./requeue"
import type { DispatcherDeps, DispatcherSettings, RoundResult } from "./dispatcher-deps"

export type { DispatcherDeps, DispatcherSettings, RoundResult } from "./dispatcher-deps"
import { routeMessage, toOutbound } from "./routing"
import { type UnknownOutcome, unknownOutcomeOf } from "./unknown-outcome"

export class Dispatcher {
  private readonly pool_: AccountPool
  private running_: Promise<RoundResult> | null = null
  private again_ = false
  private lastRecovery_ = 0

  constructor(private readonly deps: DispatcherDeps) {
    this.pool_ = new AccountPool({
      knex: deps.knex,
      stuckAfterMs: () => deps.settings().stuckAfterMs,
      onExchange: deps.onExchange,
      wantsExchange: deps.wantsExchange,
      hostPolicy: deps.hostPolicy,
    })
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date()
  }

  /** Forget cached accounts (after an admin edit). */
  invalidateAccounts(): void {
    this.pool_.invalidate()
  }

  accounts(): Promise<AccountRow[]> {
    return this.pool_.accounts()
  }

  /** The adapter of an account (its requests' deadline capped below the claim's lease). */
  adapterFor(account: AccountRow): ProbingProvider {
    return this.pool_.adapterFor(account)
  }

  /** The hard deadline of one request to this account. */
  deadlineOf(account: AccountRow, s: DispatcherSettings = this.deps.settings()): number {
    return deadlineOf(account, s.stuckAfterMs)
  }

  /** See routeMessage (routing.ts). */
  route(message: MessageRow, accounts: AccountRow[]): AccountRow[] {
    return routeMessage(message, accounts)
  }

  /**
   * Run dispatch rounds until nothing is due. Concurrent calls in one process share the
   * run (a call during a run schedules one more round). `roundsInFlight` lanes run rounds
   * side by side, so claiming and writing results overlap the provider requests of
   * another round; SKIP LOCKED keeps their batches apart.
   */
  async drain(maxRounds = 1000): Promise<RoundResult> {
    if (this.running_) {
      this.again_ = true
      return this.running_
    }
    const total: RoundResult = { claimed: 0, accepted: 0, retried: 0, failed: 0 }
    let rounds = 0
    let done = false
    const lane = async (limit = maxRounds) => {
      for (let mine = 0; mine < limit && rounds < maxRounds; mine++) {
        // Another lane found nothing due; go on only if an enqueue asked for more since.
        if (done && !this.again_) break
        done = false
        rounds++
        this.again_ = false
        const r = await this.runRound()
        total.claimed += r.claimed
        total.accepted += r.accepted
        total.retried += r.retried
        total.failed += r.failed
        // Nothing due, or everything claimed went back to wait (provider down, lookups
        // pending): leave the rest to the next tick instead of spinning on it.
        if ((r.claimed === 0 || (r.accepted === 0 && r.failed === 0)) && !this.again_) done = true
      }
    }
    const lanes = Math.max(1, Math.floor(this.deps.settings().roundsInFlight ?? 1))
    this.running_ = (async () => {
      try {
        // The first round runs alone: most drains find one small batch or nothing.
        await lane(1)
        if (!done) await Promise.all(Array.from({ length: lanes }, () => lane()))
        return total
      } finally {
        this.running_ = null
      }
    })()
    return this.running_
  }

  async runRound(): Promise<RoundResult> {
    const settings = this.deps.settings()
    const knex = await this.deps.knex()
    if (Date.now() - this.lastRecovery_ > Math.min(settings.stuckAfterMs, 30_000)) {
      this.lastRecovery_ = Date.now()
      const recovered = await recoverStuckMessages(knex, settings.stuckAfterMs, this.now())
      if (recovered.length)
        this.deps.logger.warn(`messaging: recovered ${recovered.length} message(s) left sending by a stopped worker`)
    }
    const lease = this.newLease(settings)
    const since = lease.mark()
    const due = await claimDueMessages(knex, {
      limit: settings.batchSize,
      workerId: this.deps.workerId,
      now: this.now(),
      leaseMs: settings.stuckAfterMs,
    })
    // Consent is checked when the message leaves: opted out since it was queued = skipped.
    const claimed = await withoutOptedOut(knex, due, this.now())
    const result: RoundResult = { claimed: due.length, accepted: 0, retried: 0, failed: 0 }
    if (!claimed.length) return result
    lease.hold(
      claimed.map((m) => m.id),
      since
    )
    try {
      const accounts = await this.accounts()
      const byAccount = new Map<string, { account: AccountRow; messages: MessageRow[] }>()
      const requeue: RequeueUpdate[] = []
      for (const m of claimed) {
        if (this.openOutcome(m, accounts) === "hold") {
          // (this claim sent nothing: it does not count as an attempt)
          requeue.push({
            ...holdUnknown(m, "the worker sending it stopped before the provider answered"),
            refund_attempt: true,
          })
          continue
        }
        const [account] = this.route(m, accounts)
        if (!account) {
          requeue.push(
            retryOrFail(
              m,
              `no enabled provider account can send ${m.channel} messages`,
              "no_account",
              settings,
              this.now()
            )
          )
          continue
        }
        const group = byAccount.get(account.id) ?? { account, messages: [] }
        group.messages.push(m)
        byAccount.set(account.id, group)
      }
      await this.write(knex, lease, result, [], requeue)

      // Every account's requests end before the lease stops being renewed, even when one fails.
      const sent = await Promise.allSettled(
        [...byAccount.values()].map(({ account, messages }) =>
          this.sendForAccount(account, messages, settings, result, lease)
        )
      )
      const failure = sent.find((r): r is PromiseRejectedResult => r.status === "rejected")
      if (failure) throw failure.reason
      return result
    } finally {
      lease.stop()
    }
  }

  private newLease(s: DispatcherSettings): ClaimLease {
    return new ClaimLease({
      leaseMs: s.stuckAfterMs,
      renew: async (ids) => renewLeases(await this.deps.knex(), ids, this.deps.workerId, s.stuckAfterMs),
      onRenewFailed: (e) =>
        this.deps.logger.warn(`messaging: could not renew the claim on messages being sent: ${e.message}`),
    })
  }

  /**
   * A message whose last request may have reached a provider that cannot be asked by
   * reference (TurboSMS, Twilio, Telegram, SMTP): the account's `unknown_outcome` says
   * whether to hold it (status `unknown`, default) or send it again. null = not open.
   */
  openOutcome(m: MessageRow, accounts: AccountRow[]): UnknownOutcome | null {
    if (!m.maybe_accepted || !m.provider_type) return null
    const type = m.provider_type as keyof typeof PROVIDER_CAPABILITIES
    if (PROVIDER_CAPABILITIES[type]?.lookupByReference !== false) return null
    const owner = accounts.find((a) => a.id === m.provider_account_id)
    const choice = unknownOutcomeOf(owner)
    if (choice === "resend") m.maybe_accepted = false
    return choice
  }

  /**
   * Write one group of results as soon as it is known, and let go of those rows' lease.
   * A write that fails (the database restarting) is tried again for a few seconds: the
   * provider's answer is worth keeping — without it the message ends `unknown` or is
   * looked up again.
   */
  private async write(
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

  private count(result: RoundResult, items: RequeueUpdate[]) {
    for (const it of items) {
      if (it.status === "failed") result.failed++
      else result.retried++
    }
  }

  private async sendForAccount(
    account: AccountRow,
    messages: MessageRow[],
    s: DispatcherSettings,
    result: RoundResult,
    lease: ClaimLease
  ) {
    let adapter: ProbingProvider
    const knex = await this.deps.knex()
    try {
      adapter = this.adapterFor(account)
    } catch (e) {
      const error = `account "${account.name}" is misconfigured: ${(e as Error).message}`
      await this.write(
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
    await this.write(knex, lease, result, accepted, requeue, undefined, account)
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
    if (!lease.canStart(this.deadlineOf(account, s))) {
      // The claim could run out before the answer: not sent, back in the queue at once.
      const reason = "not sent: the claim on it could run out before the provider answers (database unreachable?)"
      await this.write(
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
    for (const m of o.excluded) this.exclude(m, account.id)
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
        this.invalidateAccounts()
        // Failover: what is waiting for a retry may go to the next account right away.
        // (A maybe-accepted message waits for this account only if it can be asked by reference.)
        for (const it of o.requeue) {
          if (it.status === "queued" && (!it.maybe_accepted || !adapter.capabilities.lookupByReference))
            it.next_attempt_at = this.now()
        }
      }
      await this.write(knex, lease, result, o.accepted, o.requeue, fallbackAt, account)
      // …including what earlier requests to it left waiting.
      if (t.transition === "went_down")
        await retryNowElsewhere(knex, account.id, adapter.capabilities.lookupByReference, this.now())
      await this.health(account, t, o.accountLevelError ?? o.firstError)
      return
    }
    await this.write(knex, lease, result, o.accepted, o.requeue, fallbackAt, account)
    if (o.successes > 0 && (account.consecutive_failures > 0 || account.health_status === "unhealthy")) {
      const t = await recordAccountSuccess(knex, account.id, this.now())
      if (t.transition) this.invalidateAccounts()
      await this.health(account, t, null)
    }
  }

  private exclusions_ = new Map<string, string[]>()
  private exclude(m: MessageRow, accountId: string) {
    const meta = (m.metadata as Record<string, unknown> | null) ?? {}
    const list = [...((meta.excluded_accounts as string[]) ?? []), accountId]
    this.exclusions_.set(m.id, list)
  }

  private async persistExclusions(knex: Knex, items: RequeueUpdate[]) {
    for (const it of items) {
      const list = this.exclusions_.get(it.id)
      if (!list) continue
      await saveExcludedAccounts(knex, it.id, list)
      this.exclusions_.delete(it.id)
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
