/** What the dispatcher is given (settings, database, callbacks) and what a round reports. */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { Logger } from "@medusajs/framework/types"
import type { ExchangeEntry } from "../providers"
import type { HostPolicy } from "../providers/allowed-hosts"
import type { Channel, ProviderType } from "../types"
import type { AccountRow, HealthTransitionResult } from "../repositories/accounts"
import type { MessageRow } from "../repositories/messages"

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
  /** Telegram moved a group to a supergroup: the message went to `chatId` instead of its recipient. */
  onChatMigrated?: (message: MessageRow, chatId: string) => Promise<void>
  /** A provider said the recipient opted out. */
  onOptOut?: (phone: string, channel: Channel, source: string) => Promise<void>
  /** Where an account of this type may connect (plugin option allowed_hosts). */
  hostPolicy?: (type: ProviderType) => HostPolicy
  now?: () => Date
}

export interface RoundResult {
  claimed: number
  accepted: number
  retried: number
  failed: number
  /** (drain) It stopped because a round found nothing due, not because what it claimed went back to wait. */
  idle?: boolean
}
