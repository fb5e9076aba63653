import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { mailboxConfig } from "../../../../../../../modules/intake/collector-config"
import { MailboxClient, mailboxError } from "../../../../../../../modules/intake/mailbox/imap"
import { intakeFrom } from "../../../helpers"

/** POST …/collectors/:id/test-connection — a mailbox logs in and opens its folder; reads only. */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const row = await intakeFrom(req.scope).retrieveIntakeCollector(req.params.id)
  if (row.type !== "mailbox") {
    res.json({ ok: true, message: "HTTP collectors receive; there is nothing to connect to" })
    return
  }
  const password = String((row.secrets as Record<string, unknown>)?.password ?? "")
  const client = new MailboxClient(mailboxConfig(row.config), password)
  try {
    const messages = await client.open()
    res.json({ ok: true, messages })
  } catch (e) {
    res.json({ ok: false, error: mailboxError(e, password) })
  } finally {
    await client.close().catch(() => undefined)
  }
}
