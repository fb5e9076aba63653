/**
 * Texts of the operator alert e-mails: provider account down, recovered, balance low.
 * Pure: plain data in, { subject, text } out. Error texts pass through maskSecrets
 * (give the account's secret values in `secrets`), and no config is ever printed.
 */
import type { ProviderType } from "../types"
import { maskString } from "../providers/mask"

/** metadata.via of alert rows waiting for Medusa's Notification Module (no SMTP account). */
export const ALERT_VIA_NOTIFICATION = "notification"

/** How alert e-mails reach the alert address: an SMTP account, the Notification Module's `email` channel, or not at all. */
export type AlertDelivery = "smtp" | "notification" | "none"

export function alertDelivery(hasSmtpAccount: boolean, notificationEmail: boolean): AlertDelivery {
  return hasSmtpAccount ? "smtp" : notificationEmail ? "notification" : "none"
}

export interface AlertAccount {
  name: string
  type: ProviderType
  id?: string | null
}

export interface AlertEmail {
  subject: string
  text: string
}

const TYPE_LABEL: Record<ProviderType, string> = {
  bsg: "BSG.World",
  turbosms: "TurboSMS",
  twilio: "Twilio",
  telegram: "Telegram",
  smtp: "SMTP",
  sandbox: "Sandbox",
}

/** "2025-01-20 10:00 UTC" */
export function formatUtc(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`
}

/** "3 d 2 h", "2 h 5 min", "4 min", "less than a minute" */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000)
  if (minutes < 1) return "less than a minute"
  const d = Math.floor(minutes / 1440)
  const h = Math.floor((minutes % 1440) / 60)
  const m = minutes % 60
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`
  return `${m} min`
}

function label(a: AlertAccount): string {
  return `"${a.name}" (${TYPE_LABEL[a.type] ?? a.type})`
}

function prefix(shopName?: string | null): string {
  return shopName ? `[${shopName}] ` : ""
}

export interface OutageAlertInput {
  account: AlertAccount
  error: string | null
  since: Date
  consecutiveFailures?: number | null
  /** Name of the account messages now go to, if failover has one. */
  failoverTo?: string | null
  shopName?: string | null
  secrets?: readonly string[]
}

export function outageAlertEmail(input: OutageAlertInput): AlertEmail {
  const { account } = input
  const error = input.error ? maskString(input.error, input.secrets ?? []) : "no error text"
  const lines = [
    `The messaging provider account ${label(account)} stopped working.`,
    "",
    `Down since: ${formatUtc(input.since)}`,
    `Last error: ${error}`,
  ]
  if (input.consecutiveFailures) lines.push(`Failed attempts in a row: ${input.consecutiveFailures}`)
  lines.push(
    "",
    input.failoverTo
      ? `Messages are being sent through "${input.failoverTo}" meanwhile.`
      : "No other account is configured for failover: messages wait in the queue and are retried.",
    "",
    "You will get one more e-mail when the account works again.",
    "Check the account in Settings → Messaging → Accounts (balance, API key, sender)."
  )
  return {
    subject: `${prefix(input.shopName)}Messaging: ${account.name} (${TYPE_LABEL[account.type] ?? account.type}) is down`,
    text: lines.join("\n"),
  }
}

export interface RecoveredAlertInput {
  account: AlertAccount
  downSince: Date | null
  recoveredAt: Date
  shopName?: string | null
}

export function recoveredAlertEmail(input: RecoveredAlertInput): AlertEmail {
  const { account } = input
  const lines = [
    `The messaging provider account ${label(account)} works again.`,
    "",
    `Recovered at: ${formatUtc(input.recoveredAt)}`,
  ]
  if (input.downSince) {
    lines.push(
      `Down since: ${formatUtc(input.downSince)} (${formatDuration(input.recoveredAt.getTime() - input.downSince.getTime())})`
    )
  }
  lines.push("", "Queued messages are being sent again.")
  return {
    subject: `${prefix(input.shopName)}Messaging: ${account.name} (${TYPE_LABEL[account.type] ?? account.type}) recovered`,
    text: lines.join("\n"),
  }
}

export interface LowBalanceAlertInput {
  account: AlertAccount
  amount: number
  currency: string | null
  threshold: number
  creditLimit?: number | null
  at: Date
  shopName?: string | null
}

function money(amount: number, currency: string | null): string {
  const n = Number.isInteger(amount) ? String(amount) : amount.toFixed(2)
  return currency ? `${n} ${currency}` : n
}

export function lowBalanceAlertEmail(input: LowBalanceAlertInput): AlertEmail {
  const { account } = input
  const lines = [
    `The balance of the messaging provider account ${label(account)} is below the alert threshold.`,
    "",
    `Balance: ${money(input.amount, input.currency)}`,
    `Threshold: ${money(input.threshold, input.currency)}`,
  ]
  if (input.creditLimit) lines.push(`Credit limit: ${money(input.creditLimit, input.currency)}`)
  lines.push(
    `Checked at: ${formatUtc(input.at)}`,
    "",
    "Top up the account to keep notifications going. You get this e-mail once per drop below the threshold."
  )
  return {
    subject: `${prefix(input.shopName)}Messaging: low balance on ${account.name} (${money(input.amount, input.currency)})`,
    text: lines.join("\n"),
  }
}
