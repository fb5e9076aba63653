import { z } from "@medusajs/framework/zod"

/** HTTP collector settings (the secret itself is in `secrets.secret`). */
export const HttpCollectorConfig = z.object({
  auth: z.enum(["bearer", "hmac"]).default("bearer"),
  max_bytes: z.number().int().positive().max(10_485_760).default(1_048_576),
})

/** Mailbox collector settings (the password is in `secrets.password`). */
export const MailboxCollectorConfig = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(993),
  tls: z.boolean().default(true),
  user: z.string().min(1),
  mailbox: z.string().min(1).default("INBOX"),
  /** A mail is a lead when its subject contains this word ("ORDER: 123"). */
  keyword: z.string().min(1).default("ORDER"),
  max_bytes: z.number().int().positive().max(10_485_760).default(1_048_576),
  /** Processed mail older than this many days is deleted (or moved to `archive_mailbox`); null keeps it. */
  delete_after_days: z.number().int().positive().nullable().default(null),
  archive_mailbox: z.string().min(1).nullable().default(null),
  /** E-mail that hears once per outage that the mailbox cannot be read. */
  alert_email: z.string().email().nullable().default(null),
})

export type HttpCollectorConfig = z.infer<typeof HttpCollectorConfig>
export type MailboxCollectorConfig = z.infer<typeof MailboxCollectorConfig>

export function httpConfig(config: unknown): HttpCollectorConfig {
  return HttpCollectorConfig.parse(config ?? {})
}

export function mailboxConfig(config: unknown): MailboxCollectorConfig {
  return MailboxCollectorConfig.parse(config ?? {})
}

/** Backoff of a failing mailbox: 1, 2, 4 … minutes, at most an hour. */
export function collectorBackoffMs(consecutiveFailures: number): number {
  return Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, consecutiveFailures - 1))
}
