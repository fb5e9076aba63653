/** Provider accounts: connection tests, balances, probes, and the alert e-mails of their health. */
import {
  ALERT_VIA_NOTIFICATION,
  lowBalanceAlertEmail,
  outageAlertEmail,
  recoveredAlertEmail,
} from "../dispatch/alert-email"
import { PROVIDER_CAPABILITIES, PROVIDER_SECRET_FIELDS } from "../providers"
import {
  type AccountRow,
  type HealthTransitionResult,
  enabledAccounts,
  loadAccount,
  recordAccountSuccess,
  recordBalance,
  recordProbeFailure,
} from "../repositories/accounts"
import { pendingNotificationAlerts, settleNotificationAlert } from "../repositories/alerts"
import type { MessageRow } from "../repositories/messages"
import type { ModuleContext } from "./context"

type Balance = { amount: number; currency: string | null; credit_limit: number | null }

export class AccountHealthService {
  constructor(private readonly ctx: ModuleContext) {}

  async account(id: string): Promise<AccountRow> {
    const row = await loadAccount(await this.ctx.knex(), id)
    if (!row) throw new Error(`provider account ${id} not found`)
    return row
  }

  /** Check an account's connection (and balance where the provider has one). */
  async test(id: string): Promise<{ ok: boolean; error?: string; balance?: Balance }> {
    const account = await this.account(id)
    try {
      const adapter = this.ctx.parts.dispatch.adapterFor(account)
      await adapter.probe()
      let balance: Balance | undefined
      if (PROVIDER_CAPABILITIES[account.type].balance) {
        const b = await adapter.balance()
        balance = { amount: b.amount, currency: b.currency, credit_limit: b.credit_limit ?? null }
        await this.noteBalance(account, balance)
      }
      await this.alertHealth(account, await recordAccountSuccess(await this.ctx.knex(), account.id), null)
      return { ok: true, balance }
    } catch (e) {
      return { ok: false, error: this.maskFor(account, (e as Error).message) }
    }
  }

  /** Refresh every account's balance (those whose provider has one). */
  async refreshBalances(): Promise<Array<{ id: string; ok: boolean; error?: string }>> {
    const { dispatch } = this.ctx.parts
    const out: Array<{ id: string; ok: boolean; error?: string }> = []
    for (const account of await dispatch.accounts()) {
      if (!PROVIDER_CAPABILITIES[account.type].balance) continue
      try {
        const b = await dispatch.adapterFor(account).balance()
        await this.noteBalance(account, {
          amount: b.amount,
          currency: b.currency,
          credit_limit: b.credit_limit ?? null,
        })
        out.push({ id: account.id, ok: true })
      } catch (e) {
        out.push({ id: account.id, ok: false, error: this.maskFor(account, (e as Error).message) })
      }
    }
    return out
  }

  private async noteBalance(account: AccountRow, balance: Balance) {
    const general = await this.ctx.parts.settings.general()
    const threshold = general.low_balance_threshold ?? null
    const crossing = await recordBalance(await this.ctx.knex(), account.id, balance, threshold)
    if (crossing === "below") {
      const shop = (await this.ctx.parts.settings.siteFor(null)).name
      const mail = lowBalanceAlertEmail({
        account,
        amount: balance.amount,
        currency: balance.currency,
        threshold,
        creditLimit: balance.credit_limit,
        at: new Date(),
        shopName: shop,
      })
      await this.enqueueAlert(`low-balance|${account.id}|${new Date().toISOString()}`, mail)
    }
  }

  /** Probe unhealthy accounts; a success marks them healthy again (one "recovered" e-mail). */
  async probeUnhealthy(): Promise<number> {
    const knex = await this.ctx.knex()
    const { dispatch } = this.ctx.parts
    let recovered = 0
    for (const account of await enabledAccounts(knex, "unhealthy")) {
      try {
        await dispatch.adapterFor(account).probe()
        const t = await recordAccountSuccess(knex, account.id)
        if (t.transition) recovered++
        await this.alertHealth(account, t, null)
      } catch (e) {
        await recordProbeFailure(knex, account.id, this.maskFor(account, (e as Error).message))
      }
    }
    if (recovered) {
      dispatch.invalidateAccounts()
      dispatch.schedule()
    }
    return recovered
  }

  private secretsOf(account: AccountRow): string[] {
    return (PROVIDER_SECRET_FIELDS[account.type] ?? [])
      .map((f) => account.credentials?.[f])
      .filter((v): v is string => !!v)
  }

  /** The text with the account's secrets replaced by ****. */
  maskFor(account: AccountRow, text: string): string {
    let out = text
    for (const secret of this.secretsOf(account)) if (secret.length >= 4) out = out.split(secret).join("****")
    return out
  }

  async alertHealth(account: AccountRow, change: HealthTransitionResult, error: string | null): Promise<void> {
    if (!change.transition) return
    const shop = (await this.ctx.parts.settings.siteFor(null)).name
    if (change.transition === "went_down") {
      const backup = (await this.ctx.parts.dispatch.accounts()).find(
        (a) => a.id !== account.id && a.health_status === "healthy" && a.type === account.type
      )
      const mail = outageAlertEmail({
        account,
        error,
        since: change.down_since,
        consecutiveFailures: change.failures,
        failoverTo: backup?.name ?? null,
        shopName: shop,
        secrets: this.secretsOf(account),
      })
      await this.enqueueAlert(`alert|down|${account.id}|${change.down_since.toISOString()}`, mail)
    } else {
      const mail = recoveredAlertEmail({
        account,
        downSince: change.down_since,
        recoveredAt: new Date(),
        shopName: shop,
      })
      await this.enqueueAlert(`alert|recovered|${account.id}|${change.down_since?.toISOString() ?? "?"}`, mail)
    }
  }

  /**
   * Alerts are outbox rows too, visible in history: sent through an SMTP account when
   * there is one, else held for Medusa's Notification Module (`email` channel), which
   * the dispatch job hands them to (see alertsForNotificationModule).
   */
  private async enqueueAlert(key: string, mail: { subject: string; text: string }) {
    const general = await this.ctx.parts.settings.general()
    const to = (general.alert_email as string) ?? this.ctx.options.alert_email
    if (!to) {
      this.ctx.logger.warn(`messaging: no alert e-mail configured; not sending "${mail.subject}"`)
      return
    }
    const smtp = await this.hasSmtpAccount()
    await this.ctx.transaction((knex) =>
      this.ctx.parts.outbox.enqueue(knex, [
        {
          channel: "email",
          recipient: to,
          audience: "admin",
          subject: mail.subject,
          body: mail.text,
          event_name: "messaging.alert",
          critical: true,
          idempotency_key: key,
          ...(smtp
            ? {}
            : { status: "deferred" as const, next_attempt_at: null, metadata: { via: ALERT_VIA_NOTIFICATION } }),
        },
      ])
    )
  }

  async hasSmtpAccount(): Promise<boolean> {
    return (await this.ctx.parts.dispatch.accounts()).some(
      (a) => a.type === "smtp" && (!a.channels?.length || a.channels.includes("email"))
    )
  }

  async alertsForNotificationModule(limit: number): Promise<MessageRow[]> {
    return pendingNotificationAlerts(await this.ctx.knex(), limit)
  }

  async settleNotificationAlert(id: string, outcome: { notification_id: string } | { requeue: true }): Promise<void> {
    await settleNotificationAlert(await this.ctx.knex(), id, outcome)
  }
}
