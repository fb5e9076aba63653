/**
 * What the dispatcher keeps per provider account in one process: the usable accounts
 * (cached two seconds), one adapter per account (rebuilt when its row changes), the
 * per-account rate limit and the cap on requests in flight across concurrent rounds.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { PROVIDER_CAPABILITIES, createProvider, type ExchangeEntry, type ProbingProvider } from "../providers"
import type { HostPolicy } from "../providers/allowed-hosts"
import { DEFAULT_TIMEOUT_MS } from "../providers/config"
import type { ProviderType } from "../types"
import { type AccountRow, listUsableAccounts } from "../repositories/accounts"
import { Semaphore, TokenBucket } from "./rate-limit"
import { maxDeadlineMs } from "./unknown-outcome"

export interface AccountPoolDeps {
  knex: () => Promise<Knex>
  /** The claim lease: every request's deadline stays well below it. */
  stuckAfterMs: () => number
  onExchange?: (accountId: string, entry: ExchangeEntry) => void
  wantsExchange?: () => boolean
  /** Where each provider type may connect (allowed_hosts). */
  hostPolicy?: (type: ProviderType) => HostPolicy
}

/** The hard deadline of one request to this account: its timeout_ms, capped at a third of the lease. */
export function deadlineOf(account: AccountRow, stuckAfterMs: number): number {
  const configured = Number((account.config as Record<string, unknown>)?.timeout_ms) || DEFAULT_TIMEOUT_MS
  return Math.max(1, Math.min(configured, maxDeadlineMs(stuckAfterMs)))
}

export class AccountPool {
  private accounts_: { at: number; rows: AccountRow[] } | null = null
  private adapters_ = new Map<string, { stamp: string; adapter: ProbingProvider }>()
  private buckets_ = new Map<string, TokenBucket>()
  private inFlight_ = new Map<string, Semaphore>()

  constructor(private readonly deps: AccountPoolDeps) {}

  invalidate(): void {
    this.accounts_ = null
  }

  async accounts(): Promise<AccountRow[]> {
    if (this.accounts_ && Date.now() - this.accounts_.at < 2000) return this.accounts_.rows
    const rows = await listUsableAccounts(await this.deps.knex())
    this.accounts_ = { at: Date.now(), rows }
    return rows
  }

  /** The adapter of an account, rebuilt when the account row (or the lease) changes. */
  adapterFor(account: AccountRow): ProbingProvider {
    const cached = this.adapters_.get(account.id)
    const stuckAfterMs = this.deps.stuckAfterMs()
    // Health columns change often; the adapter only depends on type/credentials/config/base_url.
    const configStamp = JSON.stringify([
      account.type,
      account.credentials,
      account.config,
      account.base_url,
      stuckAfterMs,
    ])
    if (cached && cached.stamp === configStamp) return cached.adapter
    cached?.adapter.close?.().catch(() => undefined)
    const adapter = createProvider(
      account.type,
      {
        ...(account.config ?? {}),
        ...(account.credentials ?? {}),
        ...(account.base_url ? { base_url: account.base_url } : {}),
        timeout_ms: deadlineOf(account, stuckAfterMs),
      },
      {
        onExchange: this.deps.onExchange ? (e) => this.deps.onExchange!(account.id, e) : undefined,
        wantsExchange: this.deps.wantsExchange,
        hostPolicy: this.deps.hostPolicy?.(account.type),
      }
    )
    this.adapters_.set(account.id, { stamp: configStamp, adapter })
    return adapter
  }

  /** Requests in flight to one account from this process, across concurrent rounds. */
  inFlight(accountId: string, concurrency: number): Semaphore {
    let sem = this.inFlight_.get(accountId)
    if (!sem) {
      sem = new Semaphore(concurrency)
      this.inFlight_.set(accountId, sem)
    } else sem.resize(concurrency)
    return sem
  }

  bucket(account: AccountRow): TokenBucket {
    const rate =
      Number((account.config as Record<string, unknown>)?.rate_per_second) ||
      PROVIDER_CAPABILITIES[account.type].ratePerSecond
    let b = this.buckets_.get(account.id)
    if (!b) {
      b = new TokenBucket({ capacity: Math.max(1, rate), refillPerSecond: rate })
      this.buckets_.set(account.id, b)
    }
    return b
  }
}
