/** Installation, general settings, sites and the custom-rule event list (cached a few seconds). */
import { DEFAULT_TEMPLATES } from "../text"
import {
  ensureGeneralSettings,
  ensureGlobalSite,
  installDefaultTemplates,
  syncOptionAccounts,
} from "../repositories/install"
import { loadSite } from "../repositories/outbound"
import { enabledRuleEvents, loadGeneralSettings } from "../repositories/settings"
import type { SiteSettings } from "../pipeline/site"
import type { ModuleContext } from "./context"

const CACHE_MS = 5_000

export class SettingsService {
  private installed_: Promise<void> | null = null
  private general_: { at: number; row: Record<string, any> | null } | null = null
  private ruleEvents_: { at: number; names: Set<string> } | null = null

  constructor(private readonly ctx: ModuleContext) {}

  /** Global site, general settings, accounts from options, default templates. Idempotent; once per process. */
  ensureInstalled(): Promise<void> {
    this.installed_ ??= this.install().catch((e) => {
      this.installed_ = null
      throw e
    })
    return this.installed_
  }

  /** Install now (another process may have installed already: nothing an admin edited is overwritten). */
  async install(): Promise<void> {
    const { options, logger } = this.ctx
    await this.ctx.transaction(async (knex) => {
      await ensureGeneralSettings(knex, options)
      await ensureGlobalSite(knex, options)
      await syncOptionAccounts(knex, options.accounts)
      if (options.install_default_templates) {
        const n = await installDefaultTemplates(knex, [...DEFAULT_TEMPLATES])
        if (n) logger.info(`messaging: installed ${n} default templates`)
      }
    })
    this.ctx.parts.dispatch.invalidateAccounts()
  }

  async general(): Promise<Record<string, any>> {
    if (this.general_ && Date.now() - this.general_.at < CACHE_MS) return this.general_.row ?? {}
    const row = await loadGeneralSettings(await this.ctx.knex())
    this.general_ = { at: Date.now(), row }
    return row ?? {}
  }

  /** The last general settings read (no query; empty before the first read). */
  cachedGeneral(): Record<string, any> {
    return this.general_?.row ?? {}
  }

  invalidate(): void {
    this.general_ = null
    this.ruleEvents_ = null
  }

  async customRuleEvents(): Promise<Set<string>> {
    if (this.ruleEvents_ && Date.now() - this.ruleEvents_.at < CACHE_MS) return this.ruleEvents_.names
    this.ruleEvents_ = { at: Date.now(), names: new Set(await enabledRuleEvents(await this.ctx.knex())) }
    return this.ruleEvents_.names
  }

  /** The site of a sales channel, or the global settings when it has none. */
  async siteFor(salesChannelId: string | null | undefined): Promise<SiteSettings> {
    const site = await loadSite(await this.ctx.knex(), salesChannelId)
    if (site) return site
    await this.ensureInstalled()
    const installed = await loadSite(await this.ctx.knex(), salesChannelId)
    if (!installed) throw new Error("messaging: the global site settings are missing (run the migrations)")
    return installed
  }
}
