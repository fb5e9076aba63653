/** Owns the dispatcher (and through it the provider adapters and the account pool). */
import os from "node:os"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { Dispatcher, type DispatcherSettings } from "../dispatch/dispatcher"
import { hostPolicyFor } from "../providers/account-hosts"
import { type AccountRow } from "../repositories/accounts"
import { type ClaimOptions, claimDueMessages, recoverStuckMessages } from "../repositories/message-claims"
import type { MessageRow } from "../repositories/messages"
import { addOptOut } from "../repositories/reports"
import { saveMigratedChat } from "../repositories/staff-chats"
import type { ModuleContext } from "./context"

export class DispatchService {
  readonly dispatcher: Dispatcher
  private timer_: NodeJS.Timeout | null = null

  constructor(private readonly ctx: ModuleContext) {
    const { parts } = ctx
    this.dispatcher = new Dispatcher({
      knex: () => ctx.knex(),
      logger: ctx.logger,
      workerId: `${os.hostname()}:${process.pid}`,
      settings: () => this.settings(),
      onExchange: (accountId, entry) => parts.maintenance.recordExchange(accountId, entry),
      wantsExchange: () => !!parts.settings.cachedGeneral().debug_enabled,
      onHealthTransition: (account, change, error) => parts.accounts.alertHealth(account, change, error),
      onChatMigrated: async (message, chatId) => {
        await saveMigratedChat(await ctx.knex(), message, chatId)
      },
      onOptOut: async (phone, channel, source) => {
        await addOptOut(await ctx.knex(), phone, channel, "provider", source)
      },
      hostPolicy: (type) => hostPolicyFor(type, ctx.options.allowed_hosts),
    })
  }

  settings(): DispatcherSettings {
    const d = this.ctx.options.dispatch
    const general = this.ctx.parts.settings.cachedGeneral()
    return {
      batchSize: d.batch_size,
      roundsInFlight: d.rounds_in_flight,
      maxAttempts: Number(general.max_attempts) || d.max_attempts,
      retryBaseMs: d.retry_base_ms,
      maxRetryDelayMs: d.max_retry_delay_ms,
      stuckAfterMs: d.stuck_after_ms,
      failureThreshold: Number(general.failure_threshold) || d.failure_threshold,
      publicUrl: (general.public_url as string) ?? this.ctx.options.public_url ?? null,
    }
  }

  /** Dispatch soon in this process (coalesces bursts of enqueues). */
  schedule(delayMs = 20): void {
    if (!this.ctx.options.dispatch.dispatch_on_enqueue || this.timer_) return
    const timer = setTimeout(() => {
      this.timer_ = null
      // never throw out of a timer: a failure here is logged, the scheduled job retries
      Promise.resolve()
        .then(() => this.ctx.parts.settings.general())
        .then(() => this.dispatcher.drain())
        .catch((e) => this.ctx.logger?.error?.(`messaging: dispatch failed: ${(e as Error)?.message ?? e}`))
    }, delayMs)
    timer.unref?.()
    this.timer_ = timer
  }

  stop(): void {
    if (this.timer_) clearTimeout(this.timer_)
    this.timer_ = null
  }

  async now(): Promise<{ claimed: number; accepted: number; retried: number; failed: number }> {
    await this.ctx.parts.settings.general()
    return this.dispatcher.drain()
  }

  claim(knex: Knex, opts: ClaimOptions): Promise<MessageRow[]> {
    return claimDueMessages(knex, opts)
  }

  recoverStuck(knex: Knex, olderThanMs: number): Promise<MessageRow[]> {
    return recoverStuckMessages(knex, olderThanMs)
  }

  adapterFor(account: AccountRow): ReturnType<Dispatcher["adapterFor"]> {
    return this.dispatcher.adapterFor(account)
  }

  accounts(): Promise<AccountRow[]> {
    return this.dispatcher.accounts()
  }

  invalidateAccounts(): void {
    this.dispatcher.invalidateAccounts()
  }
}
