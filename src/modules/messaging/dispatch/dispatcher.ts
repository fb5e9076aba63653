/**
 * The dispatcher: claims due outbox rows (FOR UPDATE SKIP LOCKED), routes each to a
 * provider account (priority order, unhealthy accounts skipped = failover), sends them
 * in the provider's batch size under a per-account rate limit, and records every
 * result. Several processes can run it at once: a row is only ever claimed by one.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { Logger } from "@medusajs/framework/types"
import { PROVIDER_CAPABILITIES, createProvider, type ExchangeEntry, type ProbingProvider } from "../providers"
import type { OutboundMessage, SendResult } from "../providers/types"
import type { Channel } from "../types"
import {
  type AccountRow,
  type HealthTransitionResult,
  listUsableAccounts,
  recordAccountFailure,
  recordAccountSuccess,
} from "../store/accounts"
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
} from "../store/messages"
import { DEFAULT_TIMEOUT_MS } from "../providers/config"
import { nextRetryDelayMs } from "./backoff"
import { healthSignal } from "./health"
import { ClaimLease } from "./lease"
import { Semaphore, TokenBucket } from "./rate-limit"
import { type UnknownOutcome, maxDeadlineMs, unknownOutcomeOf } from "./unknown-outcome"

export interface DispatcherSettings {
  batchSize: number
  /** Rounds run at once by drain() (default 1); they share each account's concurrency. */
  roundsInFlight?: number
  maxAttempts: number
  retryBaseMs: number
  maxRetryDelayMs: number
  stuckAfterMs: number
  failureThreshold: number
  /** Public URL for delivery-report callbacks (`<url>/hooks/messaging/<account id>`). */
  publicUrl: string | null
}

export interface DispatcherDeps {
  knex: () => Promise<Knex>
  logger: Logger
  settings: () => DispatcherSettings
  workerId: string
  /** Called with masked request/response summaries (debug log). */
  onExchange?: (accountId: string, entry: ExchangeEntry) => void
  /** Whether onExchange wants entries now; when false, adapters skip building them. */
  wantsExchange?: () => boolean
  /** An account went down or recovered (the module enqueues the alert e-mail). */
  onHealthTransition?: (account: AccountRow, change: HealthTransitionResult, error: string | null) => Promise<void>
  /** A provider said the recipient opted out. */
  onOptOut?: (phone: string, channel: Channel, source: string) => Promise<void>
  now?: () => Date
}

export interface RoundResult {
  claimed: number
  accepted: number
  retried: number
  failed: number
}

/** Failures where the provider is down (no answer, or a 5xx) as opposed to answering nonsense. */
const NO_ANSWER = new Set(["timeout", "connection_refused", "connection_reset", "dns", "http_500", "http_502", "http_503", "http_504"])

/** Run a database write, trying again a few times (about 8 s in all) if it fails. */
async function persistently<T>(fn: () => Promise<T>, delays = [250, 500, 1000, 2000, 4000]): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn()
    } catch (e) {
      if (i >= delays.length) throw e
      await new Promise((r) => setTimeout(r, delays[i]))
    }
  }
}

/** May this account carry `ch` (its type supports it and the account is not restricted away from it)? */
function allows(account: AccountRow, ch: Channel): boolean {
  return PROVIDER_CAPABILITIES[account.type].channels.includes(ch) && (!account.channels?.length || account.channels.includes(ch))
}

/** Channels an account can carry for a message of `channel` (Omni degrades to Viber + own fallback, or SMS). */
function canCarry(account: AccountRow, channel: Channel): boolean {
  if (channel === "omni") return allows(account, "omni") || allows(account, "viber") || allows(account, "sms")
  return allows(account, channel)
}

export class Dispatcher {
  private accounts_: { at: number; rows: AccountRow[] } | null = null
  private adapters_ = new Map<string, { stamp: string; adapter: ProbingProvider }>()
  private buckets_ = new Map<string, TokenBucket>()
  private inFlight_ = new Map<string, Semaphore>()
  private running_: Promise<RoundResult> | null = null
  private again_ = false
  private lastRecovery_ = 0

  constructor(private readonly deps: DispatcherDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date()
  }

  /** Forget cached accounts (after an admin edit). */
  invalidateAccounts(): void {
    this.accounts_ = null
  }

  async accounts(): Promise<AccountRow[]> {
    if (this.accounts_ && Date.now() - this.accounts_.at < 2000) return this.accounts_.rows
    const rows = await listUsableAccounts(await this.deps.knex())
    this.accounts_ = { at: Date.now(), rows }
    return rows
  }

  /** The adapter of an account, rebuilt when the account row changes. */
  adapterFor(account: AccountRow): ProbingProvider {
    const cached = this.adapters_.get(account.id)
    // Health columns change often; the adapter only depends on type/credentials/config/base_url.
    const configStamp = JSON.stringify([account.type, account.credentials, account.config, account.base_url, this.deps.settings().stuckAfterMs])
    if (cached && cached.stamp === configStamp) return cached.adapter
    cached?.adapter.close?.().catch(() => undefined)
    // Every request's deadline stays well below the claim's lease (see deadlineOf).
    const timeout_ms = this.deadlineOf(account, this.deps.settings())
    const adapter = createProvider(
      account.type,
      { ...(account.config ?? {}), ...(account.credentials ?? {}), ...(account.base_url ? { base_url: account.base_url } : {}), timeout_ms },
      {
        onExchange: this.deps.onExchange ? (e) => this.deps.onExchange!(account.id, e) : undefined,
        wantsExchange: this.deps.wantsExchange,
      }
    )
    this.adapters_.set(account.id, { stamp: configStamp, adapter })
    return adapter
  }

  /** Requests in flight to one account from this process, across concurrent rounds. */
  private inFlight(accountId: string, concurrency: number): Semaphore {
    let sem = this.inFlight_.get(accountId)
    if (!sem) {
      sem = new Semaphore(concurrency)
      this.inFlight_.set(accountId, sem)
    } else sem.resize(concurrency)
    return sem
  }

  private bucket(account: AccountRow): TokenBucket {
    const rate = Number((account.config as Record<string, unknown>)?.rate_per_second) || PROVIDER_CAPABILITIES[account.type].ratePerSecond
    let b = this.buckets_.get(account.id)
    if (!b) {
      b = new TokenBucket({ capacity: Math.max(1, rate), refillPerSecond: rate })
      this.buckets_.set(account.id, b)
    }
    return b
  }

  /**
   * Accounts that may carry the message, healthy ones first, in priority order. A message
   * that may already be at a provider goes back to that account (healthy or not): only it
   * can say whether it has the message, and sending elsewhere could deliver it twice.
   */
  route(message: MessageRow, accounts: AccountRow[]): AccountRow[] {
    if (message.maybe_accepted && message.provider_account_id) {
      // Only a provider that can be asked by reference is worth waiting for; with the others
      // (TurboSMS, Twilio, Telegram) the message fails over like any other.
      const owner = accounts.find((a) => a.id === message.provider_account_id)
      if (owner && PROVIDER_CAPABILITIES[owner.type].lookupByReference) return [owner]
    }
    const excluded = new Set<string>(((message.metadata as Record<string, unknown> | null)?.excluded_accounts as string[]) ?? [])
    const candidates = accounts.filter((a) => canCarry(a, message.channel) && !excluded.has(a.id))
    const healthy = candidates.filter((a) => a.health_status === "healthy")
    return healthy.length ? healthy : candidates
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
      if (recovered.length) this.deps.logger.warn(`messaging: recovered ${recovered.length} message(s) left sending by a stopped worker`)
    }
    const lease = this.newLease(settings)
    const since = lease.mark()
    const claimed = await claimDueMessages(knex, { limit: settings.batchSize, workerId: this.deps.workerId, now: this.now(), leaseMs: settings.stuckAfterMs })
    const result: RoundResult = { claimed: claimed.length, accepted: 0, retried: 0, failed: 0 }
    if (!claimed.length) return result
    lease.hold(claimed.map((m) => m.id), since)
    try {
      const accounts = await this.accounts()
      const byAccount = new Map<string, { account: AccountRow; messages: MessageRow[] }>()
      const requeue: RequeueUpdate[] = []
      for (const m of claimed) {
        if (this.openOutcome(m, accounts) === "hold") {
          requeue.push(this.holdUnknown(m, "the worker sending it stopped before the provider answered"))
          continue
        }
        const [account] = this.route(m, accounts)
        if (!account) {
          requeue.push(this.retryOrFail(m, `no enabled provider account can send ${m.channel} messages`, "no_account", settings))
          continue
        }
        const group = byAccount.get(account.id) ?? { account, messages: [] }
        group.messages.push(m)
        byAccount.set(account.id, group)
      }
      await this.write(knex, lease, result, [], requeue)

      await Promise.all([...byAccount.values()].map(({ account, messages }) => this.sendForAccount(account, messages, settings, result, lease)))
      return result
    } finally {
      lease.stop()
    }
  }

  private newLease(s: DispatcherSettings): ClaimLease {
    return new ClaimLease({
      leaseMs: s.stuckAfterMs,
      renew: async (ids) => renewLeases(await this.deps.knex(), ids, this.deps.workerId, s.stuckAfterMs),
      onRenewFailed: (e) => this.deps.logger.warn(`messaging: could not renew the claim on messages being sent: ${e.message}`),
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

  private holdUnknown(m: MessageRow, reason: string): RequeueUpdate {
    return {
      id: m.id,
      status: "unknown",
      next_attempt_at: null,
      error: `${reason}; not sent again: ${m.provider_type ?? "the provider"} cannot be asked whether it has it (check there, then "send again" in History)`,
      error_code: "unknown_outcome",
      maybe_accepted: true,
      claimed_at: m.claimed_at,
    }
  }

  /**
   * Write one group of results as soon as it is known, and let go of those rows' lease.
   * A write that fails (the database restarting) is tried again for a few seconds: the
   * provider's answer is worth keeping — without it the message ends `unknown` or is
   * looked up again.
   */
  private async write(knex: Knex, lease: ClaimLease, result: RoundResult, accepted: AcceptedUpdate[], requeue: RequeueUpdate[], fallbackAt?: Map<string, Date>, account?: AccountRow) {
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

  private retryOrFail(m: MessageRow, error: string, code: string | null, s: DispatcherSettings, delayMs?: number, maybeAccepted = false): RequeueUpdate {
    if (m.attempts >= s.maxAttempts) {
      return { id: m.id, status: "failed", next_attempt_at: null, error: `${error} (gave up after ${m.attempts} attempts)`, error_code: code, claimed_at: m.claimed_at }
    }
    const delay = delayMs ?? nextRetryDelayMs(m.attempts, { baseMs: s.retryBaseMs, maxMs: s.maxRetryDelayMs, jitter: "equal" })
    return {
      id: m.id,
      status: "queued",
      next_attempt_at: new Date(this.now().getTime() + delay),
      error,
      error_code: code,
      maybe_accepted: maybeAccepted,
      claimed_at: m.claimed_at,
    }
  }

  /**
   * The provider may have the message but cannot say so now: wait for it (the attempt is
   * not counted, the message stays with that account) rather than risk a second SMS.
   */
  private waitForLookup(m: MessageRow, error: string, s: DispatcherSettings): RequeueUpdate {
    const delay = nextRetryDelayMs(Math.max(1, m.attempts), { baseMs: s.retryBaseMs, maxMs: s.maxRetryDelayMs, jitter: "equal" })
    return { id: m.id, status: "queued", next_attempt_at: new Date(this.now().getTime() + delay), error, error_code: "lookup_failed", maybe_accepted: true, refund_attempt: true, claimed_at: m.claimed_at }
  }

  private async sendForAccount(account: AccountRow, messages: MessageRow[], s: DispatcherSettings, result: RoundResult, lease: ClaimLease) {
    let adapter: ProbingProvider
    const knex = await this.deps.knex()
    try {
      adapter = this.adapterFor(account)
    } catch (e) {
      const error = `account "${account.name}" is misconfigured: ${(e as Error).message}`
      await this.write(knex, lease, result, [], messages.map((m) => this.retryOrFail(m, error, "config", s)))
      await this.health(account, await recordAccountFailure(knex, account.id, error, { threshold: s.failureThreshold, immediate: true }, this.now()), error)
      return
    }

    const toSend = await this.lookUpFirst(account, adapter, messages, s, result, lease)
    for (const m of toSend) if (m.maybe_accepted) m.maybe_accepted = false

    const batchSize = Math.max(1, adapter.capabilities.maxBatchSize)
    const concurrency = Math.max(1, Number((account.config as Record<string, unknown>)?.concurrency) || 4)
    const chunks: MessageRow[][] = []
    for (let i = 0; i < toSend.length; i += batchSize) chunks.push(toSend.slice(i, i + batchSize))
    const inFlight = this.inFlight(account.id, concurrency)
    const queue = [...chunks]
    await Promise.all(
      Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
        for (let chunk = queue.shift(); chunk; chunk = queue.shift()) {
          await inFlight.acquire()
          try {
            await this.sendChunk(account, adapter, chunk, s, result, lease)
          } finally {
            inFlight.release()
          }
        }
      })
    )
  }

  /** A message that may already have reached the provider (timeout, crash) is looked up first. Returns what still needs sending. */
  private async lookUpFirst(account: AccountRow, adapter: ProbingProvider, messages: MessageRow[], s: DispatcherSettings, result: RoundResult, lease: ClaimLease): Promise<MessageRow[]> {
    const lookups = messages.filter((m) => m.maybe_accepted && adapter.capabilities.lookupByReference)
    if (!lookups.length) return messages
    const toSend = messages.filter((m) => !lookups.includes(m))
    const accepted: AcceptedUpdate[] = []
    const requeue: RequeueUpdate[] = []
    let lookupError: string | null = null
    const lookupQueue = [...lookups]
    await Promise.all(
      Array.from({ length: Math.min(8, lookupQueue.length) }, async () => {
        for (let m = lookupQueue.shift(); m; m = lookupQueue.shift()) {
          if (lookupError) {
            // The provider is not answering: don't wait for a timeout per message.
            requeue.push(this.waitForLookup(m, lookupError, s))
            continue
          }
          try {
            const found = await adapter.findByReference(m.id)
            if (found) {
              accepted.push({ id: m.id, provider_message_id: found.provider_message_id, cost: found.cost ?? null, currency: found.currency ?? null, raw_status: found.raw_status, claimed_at: m.claimed_at })
            } else if (account.health_status === "healthy") {
              toSend.push(m)
            } else {
              // Never reached this (unhealthy) account: free to go to the next one.
              requeue.push({ id: m.id, status: "queued", next_attempt_at: this.now(), error: "not at the provider it was sent to; sending through the next account", error_code: "lookup_not_found", maybe_accepted: false, refund_attempt: true, claimed_at: m.claimed_at })
            }
          } catch (e) {
            const error = `could not check whether ${account.type} already has it: ${(e as Error).message}`
            if (NO_ANSWER.has((e as { code?: string }).code ?? "")) {
              // Down: wait for it (this claim is not counted) rather than risk a second SMS.
              lookupError = error
              requeue.push(this.waitForLookup(m, error, s))
            } else {
              // It answers, but nonsense: that counts, and in the end the message fails with the reason.
              const r = this.retryOrFail(m, error, "lookup_failed", s, undefined, true)
              if (r.status === "failed") r.error = `${r.error}; not sent again so the recipient cannot get it twice (check the provider's dashboard, then resend if it is not there)`
              requeue.push(r)
            }
          }
        }
      })
    )
    await this.write(await this.deps.knex(), lease, result, accepted, requeue, undefined, account)
    if (lookupError) {
      await this.health(account, await recordAccountFailure(await this.deps.knex(), account.id, lookupError, { threshold: s.failureThreshold }, this.now()), lookupError)
    }
    return toSend
  }

  /** One provider request (or the adapter's handful), its results written as soon as they are back. */
  private async sendChunk(account: AccountRow, adapter: ProbingProvider, chunk: MessageRow[], s: DispatcherSettings, result: RoundResult, lease: ClaimLease) {
    const knex = await this.deps.knex()
    await this.bucket(account).acquire(1)
    const deadlineMs = this.deadlineOf(account, s)
    if (!lease.canStart(deadlineMs)) {
      // The claim could run out before the answer: not sent, back in the queue at once.
      const reason = "not sent: the claim on it could run out before the provider answers (database unreachable?)"
      await this.write(knex, lease, result, [], chunk.map((m) => ({ id: m.id, status: "queued" as const, next_attempt_at: this.now(), error: reason, error_code: "lease", refund_attempt: true, claimed_at: m.claimed_at })))
      return
    }
    // Where it is going, and that it may be there from now on: a crash mid-request leaves both on the row.
    const mine = new Set(await markSendingTo(knex, chunk.map((m) => m.id), account, this.deps.workerId))
    const gone = chunk.filter((m) => !mine.has(m.id))
    if (gone.length) lease.release(gone.map((m) => m.id))
    chunk = chunk.filter((m) => mine.has(m.id))
    if (!chunk.length) return
    const fallbackAt = new Map<string, Date>()
    const outbound = chunk.map((m) => this.toOutbound(m, account, adapter, fallbackAt))
    let results: SendResult[]
    try {
      results = await adapter.send(outbound, { signal: lease.signal })
    } catch (e) {
      // Adapters map provider errors to results; a throw is a bug or a transport failure.
      results = chunk.map((m) => ({ id: m.id, outcome: "retry" as const, kind: "unavailable" as const, code: "exception", reason: (e as Error).message, maybe_accepted: true }))
    }
    const byId = new Map(results.map((r) => [r.id, r]))
    const accepted: AcceptedUpdate[] = []
    const requeue: RequeueUpdate[] = []
    let failures = 0
    let successes = 0
    let accountLevelError: string | null = null
    let firstError: string | null = null
    for (const m of chunk) {
      const r = byId.get(m.id) ?? { id: m.id, outcome: "retry" as const, kind: "unknown" as const, code: "no_result", reason: "the provider adapter returned no result for this message", maybe_accepted: true }
      const signal = healthSignal(r)
      if (signal === "success") successes++
      if (signal === "failure") failures++
      if (r.outcome === "accepted") {
        accepted.push({ id: m.id, provider_message_id: r.provider_message_id, cost: r.cost ?? null, currency: r.currency ?? null, raw_status: r.raw_status ?? null, claimed_at: m.claimed_at })
        continue
      }
      const reason = `${r.kind}: ${r.reason}`
      firstError ??= reason
      const accountLevel = r.account_level || r.kind === "auth" || r.kind === "insufficient_funds"
      if (accountLevel) {
        accountLevelError = reason
        // Another account may carry it: retry now, never on this account again.
        requeue.push({ ...this.retryOrFail(m, reason, r.code, s, 0), maybe_accepted: false })
        this.exclude(m, account.id)
        continue
      }
      if (r.outcome === "rejected") {
        if (r.kind === "opted_out" && this.deps.onOptOut && m.channel !== "email" && m.channel !== "telegram") {
          await this.deps.onOptOut(m.recipient, m.channel === "omni" ? "sms" : m.channel, `provider:${account.type}`).catch(() => undefined)
        }
        requeue.push({ id: m.id, status: "failed", next_attempt_at: null, error: reason, error_code: r.code, claimed_at: m.claimed_at })
        continue
      }
      if (r.maybe_accepted && !adapter.capabilities.lookupByReference) {
        // Maybe accepted, and this provider cannot be asked: the account decides.
        if (unknownOutcomeOf(account) === "hold") {
          requeue.push(this.holdUnknown({ ...m, provider_type: account.type }, reason))
          continue
        }
        requeue.push(this.retryOrFail(m, `${reason}; sending it again (unknown_outcome: resend)`, r.code, s, r.retry_after_ms ?? undefined, false))
        continue
      }
      requeue.push(this.retryOrFail(m, reason, r.code, s, r.retry_after_ms ?? undefined, !!r.maybe_accepted))
    }
    let wentDown = false
    if (failures > 0 && successes === 0) {
      const t = await recordAccountFailure(knex, account.id, accountLevelError ?? "temporary failure", { threshold: s.failureThreshold, immediate: !!accountLevelError }, this.now())
      if (t.transition) {
        this.invalidateAccounts()
        wentDown = t.transition === "went_down"
        // Failover: what is waiting for a retry may go to the next account right away.
        // (A maybe-accepted message waits for this account only if it can be asked by reference.)
        for (const it of requeue) {
          if (it.status === "queued" && (!it.maybe_accepted || !adapter.capabilities.lookupByReference)) it.next_attempt_at = this.now()
        }
      }
      await this.write(knex, lease, result, accepted, requeue, fallbackAt, account)
      // …including what earlier requests to it left waiting.
      if (wentDown) await retryNowElsewhere(knex, account.id, adapter.capabilities.lookupByReference, this.now())
      await this.health(account, t, accountLevelError ?? firstError)
      return
    }
    await this.write(knex, lease, result, accepted, requeue, fallbackAt, account)
    if (successes > 0 && (account.consecutive_failures > 0 || account.health_status === "unhealthy")) {
      const t = await recordAccountSuccess(knex, account.id, this.now())
      if (t.transition) this.invalidateAccounts()
      await this.health(account, t, null)
    }
  }

  /** The hard deadline of one request to this account (its timeout_ms, capped well below the lease). */
  deadlineOf(account: AccountRow, s: DispatcherSettings): number {
    const configured = Number((account.config as Record<string, unknown>)?.timeout_ms) || DEFAULT_TIMEOUT_MS
    return Math.max(1, Math.min(configured, maxDeadlineMs(s.stuckAfterMs)))
  }

  private exclusions_ = new Map<string, string[]>()
  private exclude(m: MessageRow, accountId: string) {
    const meta = (m.metadata as Record<string, unknown> | null) ?? {}
    const list = [...(((meta.excluded_accounts as string[]) ?? [])), accountId]
    this.exclusions_.set(m.id, list)
  }

  private async persistExclusions(knex: Knex, items: RequeueUpdate[]) {
    for (const it of items) {
      const list = this.exclusions_.get(it.id)
      if (!list) continue
      await knex.raw(
        `UPDATE messaging_message SET metadata = COALESCE(metadata, '{}'::jsonb) || jsonb_build_object('excluded_accounts', ?::jsonb) WHERE id = ?`,
        [JSON.stringify(list), it.id]
      )
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
    await this.deps.onHealthTransition?.(account, change, error).catch((e) => this.deps.logger.error(`messaging: alert failed: ${(e as Error).message}`))
  }

  private toOutbound(m: MessageRow, account: AccountRow, adapter: ProbingProvider, fallbackAt: Map<string, Date>): OutboundMessage {
    const meta = (m.metadata as Record<string, unknown> | null) ?? {}
    let channel: Channel = m.channel
    let text = m.body
    if (m.channel === "omni" && !(adapter.capabilities.nativeOmni && allows(account, "omni"))) {
      if (allows(account, "viber")) {
        // Our own fallback: Viber now, SMS later if no delivery report arrives in time.
        channel = "viber"
        const seconds = Number(meta.omni_fallback_seconds) || 600
        fallbackAt.set(m.id, new Date(this.now().getTime() + seconds * 1000))
      } else {
        channel = "sms"
        text = (meta.sms_text as string) ?? m.body
      }
    }
    const cfg = (account.config ?? {}) as Record<string, unknown>
    const s = this.deps.settings()
    return {
      id: m.id,
      channel,
      to: m.recipient,
      text,
      sender: m.sender ?? null,
      fallback_text: channel === "omni" ? ((meta.sms_text as string) ?? m.body) : null,
      fallback_sender: channel === "omni" ? ((cfg.sender as string) ?? null) : null,
      subject: m.subject,
      html: null,
      callback_url: s.publicUrl && adapter.capabilities.webhooks ? `${s.publicUrl.replace(/\/$/, "")}/hooks/messaging/${account.id}` : null,
    }
  }
}
