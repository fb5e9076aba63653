/** Real MIME mails for the mailbox collector (nodemailer's composer) and delivering them into dovecot over IMAP. */
import { ImapFlow } from "imapflow"
import MailComposer from "nodemailer/lib/mail-composer"
import type { Dovecot } from "./dovecot"

export interface LeadMailOptions {
  subject?: string
  messageId?: string
  body?: string
  attachments?: Array<{ filename: string; content: Buffer; contentType?: string }>
}

let counter = 0

export async function leadMail(opts: LeadMailOptions = {}): Promise<Buffer> {
  const n = ++counter
  return new MailComposer({
    from: "website@shop.test",
    to: "leads@shop.test",
    subject: opts.subject ?? `ORDER: ${n}`,
    messageId: opts.messageId ?? `<lead-${process.pid}-${n}-${Date.now()}@website.test>`,
    text: opts.body ?? "Заявка с сайта. Данные во вложении.",
    attachments: (opts.attachments ?? []).map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType ?? "text/plain; charset=windows-1251",
    })),
  })
    .compile()
    .build()
}

export async function appendMails(server: Pick<Dovecot, "host" | "port" | "user" | "password">, mails: Buffer[]) {
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: false,
    auth: { user: server.user, pass: server.password },
    logger: false,
  })
  await client.connect()
  try {
    for (const mail of mails) await client.append("INBOX", mail)
  } finally {
    await client.logout()
  }
}

/** The flags of every mail in INBOX, by UID. */
export async function mailFlags(server: Pick<Dovecot, "host" | "port" | "user" | "password">) {
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: false,
    auth: { user: server.user, pass: server.password },
    logger: false,
  })
  await client.connect()
  const out: Record<number, string[]> = {}
  try {
    await client.mailboxOpen("INBOX")
    for await (const m of client.fetch("1:*", { uid: true, flags: true })) out[m.uid] = [...(m.flags ?? [])]
  } finally {
    await client.logout()
  }
  return out
}
