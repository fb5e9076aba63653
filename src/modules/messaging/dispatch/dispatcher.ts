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
import { PROVIDER_CAPABILITIES, type ProbingProvider } from "../providers"
import type { AccountRow } from "../repositories/accounts"
import { claimDueMessages, recoverStuckMessages, renewLeases } from "../repositories/message-claims"
import type { RequeueUpdate } from "../repositories/message-results"
import type { MessageRow } from "../repositories/messages"
import { AccountPool, deadlineOf } from "./account-pool"
import { AccountSender } from "./account-sender"
import { withoutOptedOut } from "./consent-check"
import type { DispatcherDeps, DispatcherSettings, RoundResult } from "./dispatcher-deps"
import { ClaimLease } from "./lease"
import { holdUnknown, retryOrFail } from "./requeue"
import { RoundWriter } from "./round-writer"
import { routeMessage } from "./routing"
import { type UnknownOutcome, unknownOutcomeOf } from "./unknown-outcome"

export type { DispatcherDeps, DispatcherSettings, RoundResult } from "./dispatcher-deps"

export class Dispatcher {
  private readonly pool_: AccountPool
  private readonly writer_: RoundWriter
  private readonly sender_: AccountSender
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
    this.writer_ = new RoundWriter(() => this.now())
    this.sender_ = new AccountSender(deps, this.pool_, this.writer_, () => this.now())
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
      await this.writer_.write(knex, lease, result, [], requeue)

      // Every account's requests end before the lease stops being renewed, even when one fails.
      const sent = await Promise.allSettled(
        [...byAccount.values()].map(({ account, messages }) =>
          this.sender_.send(account, messages, settings, result, lease)
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
}
