import type { Context, Logger } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import {
  MessagingCampaign,
  MessagingCustomRule,
  MessagingDebugLog,
  MessagingGeneralSetting,
  MessagingMessage,
  MessagingMessageEvent,
  MessagingOptOut,
  MessagingProviderAccount,
  MessagingSender,
  MessagingSite,
  MessagingStaffProfile,
  MessagingTemplate,
} from "./models"
import { type MessagingPluginOptions, parsePluginOptions } from "./options"
import { knexOf } from "./store/knex"
import {
  type ClaimOptions,
  type MessageRow,
  type NewMessage,
  claimDueMessages,
  insertMessages,
  recoverStuckMessages,
} from "./store/messages"
import {
  ensureGeneralSettings,
  ensureGlobalSite,
  installDefaultTemplates,
  syncOptionAccounts,
} from "./store/install"
import { DEFAULT_TEMPLATES } from "./text/default-templates"

type InjectedDependencies = { logger: Logger }

export default class MessagingModuleService extends MedusaService({
  MessagingSite,
  MessagingGeneralSetting,
  MessagingProviderAccount,
  MessagingSender,
  MessagingTemplate,
  MessagingMessage,
  MessagingMessageEvent,
  MessagingDebugLog,
  MessagingOptOut,
  MessagingStaffProfile,
  MessagingCustomRule,
  MessagingCampaign,
}) {
  protected readonly options_: MessagingPluginOptions
  protected readonly logger_: Logger
  private installed_: Promise<void> | null = null
  __hooks = {
    onApplicationStart: async () => {
      try {
        await this.ensureInstalled()
      } catch (e) {
        this.logger_.error(`messaging: installation on start failed: ${(e as Error).message}`)
      }
    },
  }

  constructor(deps: InjectedDependencies, options?: unknown) {
    // @ts-ignore MedusaService takes the container and the module options
    super(...arguments)
    this.logger_ = deps.logger
    this.options_ = parsePluginOptions(options)
  }

  /** The validated plugin options (subscribers and workflows read them through here). */
  getOptions(): MessagingPluginOptions {
    return this.options_
  }

  /**
   * Create what a fresh install needs: the global site, general settings, accounts from
   * options, BW_ default templates. Idempotent; runs once per process.
   */
  async ensureInstalled(): Promise<void> {
    this.installed_ ??= this.install_().catch((e) => {
      this.installed_ = null
      throw e
    })
    return this.installed_
  }

  @InjectTransactionManager()
  protected async install_(@MedusaContext() sharedContext: Context = {}): Promise<void> {
    const knex = knexOf(sharedContext)
    await ensureGeneralSettings(knex, this.options_)
    await ensureGlobalSite(knex, this.options_)
    await syncOptionAccounts(knex, this.options_.accounts)
    if (this.options_.install_default_templates) {
      const n = await installDefaultTemplates(knex, [...DEFAULT_TEMPLATES])
      if (n) this.logger_.info(`messaging: installed ${n} default templates`)
    }
  }

  /**
   * Write messages to the outbox. A message whose idempotency key exists is not written
   * again; returns the rows this call created.
   */
  @InjectTransactionManager()
  async enqueueMessages(messages: NewMessage[], @MedusaContext() sharedContext: Context = {}): Promise<MessageRow[]> {
    return insertMessages(knexOf(sharedContext), messages)
  }

  /** Claim due messages for one dispatcher round (FOR UPDATE SKIP LOCKED). */
  @InjectTransactionManager()
  async claimDueMessages(opts: ClaimOptions, @MedusaContext() sharedContext: Context = {}): Promise<MessageRow[]> {
    return claimDueMessages(knexOf(sharedContext), opts)
  }

  /** Put messages a dead worker left in `sending` back in the queue, flagged for a lookup first. */
  @InjectTransactionManager()
  async recoverStuckMessages(olderThanMs: number, @MedusaContext() sharedContext: Context = {}): Promise<MessageRow[]> {
    return recoverStuckMessages(knexOf(sharedContext), olderThanMs)
  }

  /** Raw knex for the dispatcher and reports (kept inside the module). */
  @InjectManager()
  async withKnex<T>(fn: (knex: ReturnType<typeof knexOf>) => Promise<T>, @MedusaContext() sharedContext: Context = {}): Promise<T> {
    return fn(knexOf(sharedContext))
  }
}
