/**
 * SMTP facts used by the adapter (smtp.ts): our Message-ID, the checks and headers of
 * one e-mail, and nodemailer errors as failures.
 */
import type { OutboundMessage, SendResult } from "./types"
import { maskString } from "./mask"
import { failed, type Failure } from "./results"

export const MESSAGE_ID_DOMAIN = "medusa-plugin-messaging"
const EMAIL_RE = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/

/** `<msg_01J…@medusa-plugin-messaging>` (characters outside [A-Za-z0-9._-] become "-"). */
export function smtpMessageId(id: string): string {
  return `<${id.replace(/[^A-Za-z0-9._-]/g, "-")}@${MESSAGE_ID_DOMAIN}>`
}

/** nodemailer error → failure kind. */
export function mapSmtpError(err: any, secrets: readonly string[] = []): Failure {
  const code: string = String(err?.code ?? "")
  const responseCode: number | null = typeof err?.responseCode === "number" ? err.responseCode : null
  const text = maskString(String(err?.response ?? err?.message ?? err), secrets)
  if (code === "host_not_allowed") return { kind: "unavailable", code, reason: text }
  if (code === "EAUTH" || code === "ENOAUTH" || responseCode === 535 || responseCode === 534) {
    return {
      kind: "auth",
      code: responseCode ? String(responseCode) : code,
      reason: `SMTP authentication failed: ${text}`,
      account_level: true,
    }
  }
  if (responseCode !== null && responseCode >= 500) {
    if (
      [550, 551, 553, 501].includes(responseCode) &&
      (code === "EENVELOPE" || /recipient|mailbox|user|address/i.test(text))
    ) {
      return { kind: "invalid_recipient", code: String(responseCode), reason: text }
    }
    return { kind: "bad_request", code: String(responseCode), reason: text }
  }
  if (responseCode !== null && responseCode >= 400) {
    return { kind: "unavailable", code: String(responseCode), reason: `temporary SMTP failure: ${text}` }
  }
  if (code === "EDEADLINE") {
    // The message may be at the relay (DATA sent, answer pending): never "not sent".
    return {
      kind: "unavailable",
      code: "timeout",
      reason: `SMTP ${text} (the relay may have accepted it)`,
      maybe_accepted: true,
    }
  }
  if (
    [
      "ECONNECTION",
      "ETIMEDOUT",
      "ESOCKET",
      "EDNS",
      "ETLS",
      "EPROTOCOL",
      "ECONNREFUSED",
      "ECONNRESET",
      "EMAXLIMIT",
    ].includes(code)
  ) {
    // a timeout while the message data was in flight may still have delivered it
    const maybe = code === "ETIMEDOUT" && /data|message/i.test(String(err?.command ?? ""))
    return {
      kind: "unavailable",
      code: code.toLowerCase(),
      reason: `SMTP server unreachable${code === "ETIMEDOUT" ? " (timed out)" : ""}: ${text}`,
      maybe_accepted: maybe,
    }
  }
  return { kind: "unknown", code: code || "smtp_error", reason: text }
}

/** The envelope and headers of one e-mail, or why it cannot be sent. */
export interface SmtpMail {
  from: string | { name: string; address: string }
  to: string
  subject: string
  messageId: string
}

/** Check a message for SMTP; a sender without "@" is a display name on the account's address. */
export function smtpMail(msg: OutboundMessage, accountFrom: string): SmtpMail | SendResult {
  if (msg.channel !== "email") {
    return failed(msg.id, {
      kind: "bad_request",
      code: "unsupported_channel",
      reason: `SMTP does not send ${msg.channel} messages`,
    })
  }
  const to = String(msg.to ?? "").trim()
  if (!EMAIL_RE.test(to))
    return failed(msg.id, {
      kind: "invalid_recipient",
      code: "invalid_address",
      reason: `"${msg.to}" is not an e-mail address`,
    })
  if ((!msg.text || msg.text.trim() === "") && !msg.html)
    return failed(msg.id, { kind: "bad_request", code: "empty_text", reason: "message has no text" })
  const from = msg.sender
    ? msg.sender.includes("@")
      ? msg.sender
      : { name: msg.sender, address: addressOf(accountFrom) }
    : accountFrom
  return { from, to, subject: msg.subject?.trim() || firstLine(msg.text), messageId: smtpMessageId(msg.id) }
}

function addressOf(from: string): string {
  const m = /<([^>]+)>/.exec(from)
  return m ? m[1] : from
}

function firstLine(text: string | null | undefined): string {
  const line =
    String(text ?? "")
      .split(/\r?\n/)
      .find((l) => l.trim() !== "") ?? ""
  return line.length > 78 ? `${line.slice(0, 75)}...` : line
}
