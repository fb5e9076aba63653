/**
 * One poll of one mailbox collector: every new mail is read; those whose subject carries
 * the keyword become leads (one mail, one lead), claimed by Message-ID first so that two
 * pollers never import a mail twice. A mail is flagged processed only after its lead is
 * committed. A bad mail is a lead with a parse error; a failed write releases the claim
 * and the rest of the batch goes on.
 */
import { createHash } from "node:crypto"
import os from "node:os"
import type { MedusaContainer } from "@medusajs/framework/types"
import { simpleParser } from "mailparser"
import { type MailboxCollectorConfig } from "../../../modules/intake/collector-config"
import { pickPayloadAttachment, subjectMatches } from "../../../modules/intake/mailbox/attachment"
import { MailboxClient, PROCESSED_FLAG, SKIPPED_FLAG } from "../../../modules/intake/mailbox/imap"
import { EMPTY_FIELDS, readLeadPayload, type ReadPayload } from "../../../modules/intake/payload"
import { createLeadWorkflow, type LeadCollectorRef } from "../create-lead"
import { intakeOf } from "../intake"

export interface PollResult {
  new_mail: number
  imported: number
  with_errors: number
  skipped: number
  duplicates: number
  failed: number
}

/** Sources fetched per IMAP round trip, and leads written at once. */
const CHUNK = 250
const PARALLEL = 8

export const WORKER_ID = `${os.hostname()}:${process.pid}`

async function payloadOf(source: Buffer, config: MailboxCollectorConfig): Promise<ReadPayload> {
  try {
    const mail = await simpleParser(source, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true })
    const picked = pickPayloadAttachment(mail.attachments as any, config.max_bytes)
    if (!picked.ok) {
      return {
        encoding: null,
        text: null,
        fields: { ...EMPTY_FIELDS },
        errors: [{ field: "attachment", message: picked.error }],
        unknown_keys: [],
      }
    }
    return readLeadPayload(picked.bytes, { maxBytes: config.max_bytes, field: "attachment" })
  } catch (e) {
    return {
      encoding: null,
      text: null,
      fields: { ...EMPTY_FIELDS },
      errors: [{ field: "mail", message: `unreadable MIME: ${(e as Error).message}` }],
      unknown_keys: [],
    }
  }
}

async function inParallel<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++])
    })
  )
}

export async function pollMailbox(
  container: MedusaContainer,
  collector: LeadCollectorRef,
  config: MailboxCollectorConfig,
  password: string,
  worker = WORKER_ID
): Promise<PollResult> {
  const intake = intakeOf(container)
  const result: PollResult = { new_mail: 0, imported: 0, with_errors: 0, skipped: 0, duplicates: 0, failed: 0 }
  const client = new MailboxClient(config, password)
  await client.open()
  try {
    const envelopes = await client.envelopes(await client.newUids())
    result.new_mail = envelopes.length
    const others = envelopes.filter((e) => !subjectMatches(e.subject, config.keyword)).map((e) => e.uid)
    await client.flag(others, SKIPPED_FLAG)
    result.skipped = others.length
    const leads = envelopes.filter((e) => subjectMatches(e.subject, config.keyword))
    const envelopeOf = new Map(leads.map((e) => [e.uid, e]))
    for (let i = 0; i < leads.length; i += CHUNK) {
      const mails: Array<{ uid: number; source: Buffer }> = []
      for await (const m of client.sources(leads.slice(i, i + CHUNK).map((e) => e.uid))) mails.push(m)
      const done: number[] = []
      await inParallel(mails, PARALLEL, async ({ uid, source }) => {
        const messageId =
          envelopeOf.get(uid)?.message_id ?? `sha256:${createHash("sha256").update(source).digest("hex")}`
        const claim = await intake.claimMail({
          collector_id: collector.id,
          message_id: messageId,
          worker,
          imap_uid: uid,
        })
        if (!claim.claimed) {
          result.duplicates++
          if (claim.status === "imported") done.push(uid)
          return
        }
        const payload = await payloadOf(source, config)
        try {
          await createLeadWorkflow(container).run({
            input: { collector, payload, message_id: messageId, mail_receipt_id: claim.id },
          })
          result.imported++
          if (payload.errors.length) result.with_errors++
          done.push(uid)
        } catch (e) {
          result.failed++
          await intake.releaseMail(claim.id).catch(() => undefined)
          container
            .resolve("logger")
            .warn(`intake: mail ${uid} of collector ${collector.id} not imported: ${(e as Error).message}`)
        }
      })
      await client.flag(done, PROCESSED_FLAG)
    }
    if (config.delete_after_days) await client.cleanup(config.delete_after_days, config.archive_mailbox)
  } finally {
    await client.close()
  }
  return result
}
