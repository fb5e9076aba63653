/** Owns the dispatcher (and through it the provider adapters and the account pool). */
import os from "node:os"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { Dispatcher, type DispatcherSettings, type RoundResult } from "../dispatch/dispatcher"
import { hostPolicyFor } from "../providers/account-hosts"
import { type AccountRow } from "../repositories/accounts"
import { type ClaimOptions, claimDueMessages, recoverStuckMessages } from "../repositories/message-claims"
import type { MessageRow } from "../repositories/messages"
import { addOptOut } from "../repositories/reports"
import { saveMigratedChat } from "../repositories/staff-chats"
import type { ModuleContext } from "./context"

/** A drain that found nothing due wakes up when the next message comes due, if that is this soon. */
const WAKE_HORIZON_MS = 60_000
const PAST_DUE_RETRY_MS = 50

export class DispatchService {
  readonly dispatcher: Dispatcher
  private timer_: NodeJS.Timeout | null = null
  private wake_: { at: number; timer: NodeJS.Timeout } | null = null
  private looking_ = false

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
      this.drainInBackground()
    }, delayMs)
    timer.unref?.()
    this.timer_ = timer
  }

  stop(): void {
    if (this.timer_) clearTimeout(this.timer_)
    if (this.wake_) clearTimeout(this.wake_.timer)
    this.timer_ = null
    this.wake_ = null
  }

  async now(): Promise<RoundResult> {
    await this.ctx.parts.settings.general()
    return this.drain()
  }

  private drainInBackground(): void {
    // never throw out of a timer: a failure here is logged, the scheduled job retries
    Promise.resolve()
      .then(() => this.ctx.parts.settings.general())
      .then(() => this.drain())
      .catch((e) => this.ctx.logger?.error?.(`messaging: dispatch failed: ${(e as Error)?.message ?? e}`))
  }

  /**
   * A drain, then — when it stopped because nothing was due — a wake-up for the next
   * message's time: a paced campaign goes out at its pace instead of in bursts at the
   * dispatch job's ticks (every 5 s).
   */
  private async drain(): Promise<RoundResult> {
    const r = await this.dispatcher.drain()
    if (r.idle) void this.wakeAtNextDue()
    return r
  }

  private async wakeAtNextDue(): Promise<void> {
    if (this.looking_) return
    this.looking_ = true
    try {
      const due = await this.dispatcher.nextDueAt()
      if (!due) return
      // Due already yet not claimed (a row another transaction holds): look again shortly, no spin.
      const at = due.getTime() > Date.now() ? due.getTime() : Date.now() + PAST_DUE_RETRY_MS
      if (at - Date.now() > WAKE_HORIZON_MS || (this.wake_ && this.wake_.at <= at)) return
      if (this.wake_) clearTimeout(this.wake_.timer)
      const timer = setTimeout(() => {
        this.wake_ = null
        this.drainInBackground()
      }, at - Date.now())
      timer.unref?.()
      this.wake_ = { at, timer }
    } catch (e) {
      this.ctx.logger?.warn?.(`messaging: could not look up the next due message: ${(e as Error)?.message ?? e}`)
    } finally {
      this.looking_ = false
    }
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
