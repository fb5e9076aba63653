/**
 * The IMAP side of a mailbox collector (imapflow): new mail is what carries neither of our
 * keywords; a mail is flagged `$MedusaLead` once its lead is committed, `$MedusaSkipped`
 * when its subject lacks the keyword. Nothing else of the mailbox is changed.
 */
import { ImapFlow } from "imapflow"
import type { MailboxCollectorConfig } from "../collector-config"

export const PROCESSED_FLAG = "$MedusaLead"
export const SKIPPED_FLAG = "$MedusaSkipped"

export interface MailEnvelope {
  uid: number
  subject: string | null
  message_id: string | null
}

export class MailboxClient {
  private readonly client: ImapFlow

  constructor(
    readonly config: MailboxCollectorConfig,
    password: string
  ) {
    this.client = new ImapFlow({
      host: config.host,
      port: config.port,
      secure: config.tls,
      auth: { user: config.user, pass: password },
      logger: false,
      connectionTimeout: 15_000,
      greetingTimeout: 10_000,
      socketTimeout: 120_000,
      disableAutoIdle: true,
    })
    // A dropped connection must not become an uncaught 'error' event in the worker.
    this.client.on("error", () => undefined)
  }

  async open(): Promise<number> {
    await this.client.connect()
    const box = await this.client.mailboxOpen(this.config.mailbox)
    return box.exists
  }

  async close(): Promise<void> {
    await this.client.logout().catch(() => this.client.close())
  }

  /** UIDs of the mail not handled yet, oldest first (a search object cannot hold two un-keywords: two searches). */
  async newUids(): Promise<number[]> {
    const open = (await this.client.search({ unKeyword: PROCESSED_FLAG }, { uid: true })) || []
    if (!open.length) return []
    const skipped = new Set((await this.client.search({ keyword: SKIPPED_FLAG }, { uid: true })) || [])
    return open.filter((uid) => !skipped.has(uid)).sort((a, b) => a - b)
  }

  async envelopes(uids: number[]): Promise<MailEnvelope[]> {
    if (!uids.length) return []
    const out: MailEnvelope[] = []
    for await (const m of this.client.fetch(uids, { uid: true, envelope: true }, { uid: true })) {
      out.push({ uid: m.uid, subject: m.envelope?.subject ?? null, message_id: m.envelope?.messageId ?? null })
    }
    return out
  }

  /** The raw sources of these mails, streamed one FETCH at a time. */
  async *sources(uids: number[]): AsyncGenerator<{ uid: number; source: Buffer }> {
    if (!uids.length) return
    for await (const m of this.client.fetch(uids, { uid: true, source: true }, { uid: true })) {
      if (m.source) yield { uid: m.uid, source: m.source }
    }
  }

  async flag(uids: number[], flag: string): Promise<void> {
    if (uids.length) await this.client.messageFlagsAdd(uids, [flag], { uid: true })
  }

  /** Processed mail older than `days`: moved to the archive mailbox, else deleted. */
  async cleanup(days: number, archive: string | null): Promise<number> {
    const before = new Date(Date.now() - days * 86_400_000)
    const uids = (await this.client.search({ keyword: PROCESSED_FLAG, before }, { uid: true })) || []
    if (!uids.length) return 0
    if (archive) await this.client.messageMove(uids, archive, { uid: true })
    else await this.client.messageDelete(uids, { uid: true })
    return uids.length
  }
}

/** An error as the admin may read it: never the password, whatever the server echoed. */
export function mailboxError(e: unknown, password: string): string {
  const err = e as { message?: string; responseText?: string; code?: string; authenticationFailed?: boolean }
  let text = err.authenticationFailed
    ? `login refused: ${err.responseText ?? "wrong user or password"}`
    : [err.code, err.responseText ?? err.message].filter(Boolean).join(": ") || String(e)
  if (password) text = text.split(password).join("••••••••")
  return text.slice(0, 1000)
}
