/**
 * What BSG and TurboSMS do alike when they send SMS, Viber and Omni to phone numbers:
 * the checks of one message (channel, text, number, senders), the batch around it (each
 * id sent once, a result for every message) and the split into requests (messages that
 * can share a request, at most `max` to one, no number twice). What differs — the wire
 * format and reading the answer — stays in each adapter.
 */
import type { OutboundMessage, SendResult } from "./types"
import type { HttpResponse, HttpResult } from "./http-response"
import { mapWithConcurrency } from "./concurrency"
import { requestFailed } from "./errors"
import { optionalString } from "./config"
import { chunkUnique, failed, fromTransport, groupBy, recipientDigits, type Failure } from "./results"

/** A message that passed the checks: the number as digits and the senders of its legs. */
export interface PhoneMessage {
  msg: OutboundMessage
  /** Digits only, 7–15 of them. */
  phone: string
  /** The sender of the message's own channel (SMS originator, or the Viber alpha name). */
  sender: string
  /** Omni only: the originator of the SMS fallback leg. */
  fallbackSender: string | null
}

/** The account's default senders. */
export interface AccountSenders {
  sender: string | null
  viberSender: string | null
}

/** The `sender` and `viber_sender` settings of an SMS/Viber account. */
export function accountSenders(provider: string, cfg: Record<string, unknown>): AccountSenders {
  return { sender: optionalString(provider, cfg, "sender"), viberSender: optionalString(provider, cfg, "viber_sender") }
}

/** Whole-request failures visible in the HTTP status or the body's shape; null = read the body. */
export type HttpLevelFailure = (res: HttpResponse) => Failure | null

/**
 * Check a message for an SMS/Viber/Omni provider. Senders: the message's own, else the
 * account's (for Viber its Viber sender first); the Omni fallback leg takes the
 * message's fallback sender, else the account's SMS sender, else the Viber one.
 */
export function checkPhoneMessage(
  provider: string,
  msg: OutboundMessage,
  account: AccountSenders
): PhoneMessage | SendResult {
  if (msg.channel !== "sms" && msg.channel !== "viber" && msg.channel !== "omni") {
    return failed(msg.id, {
      kind: "bad_request",
      code: "unsupported_channel",
      reason: `${provider} does not send ${msg.channel} messages`,
    })
  }
  if (!msg.text || msg.text.trim() === "") {
    return failed(msg.id, { kind: "bad_request", code: "empty_text", reason: "message text is empty" })
  }
  const recipient = recipientDigits(msg)
  if ("outcome" in recipient) return recipient
  const phone = recipient.digits
  const sms = msg.channel === "sms"
  const sender = sms ? msg.sender || account.sender : msg.sender || account.viberSender || account.sender
  if (!sender) {
    return failed(msg.id, {
      kind: "bad_sender",
      code: "no_sender",
      reason: `no ${sms ? "" : "Viber "}sender: set one on the message or the account`,
    })
  }
  const fallbackSender = msg.channel === "omni" ? msg.fallback_sender || account.sender || sender : null
  return { msg, phone, sender, fallbackSender }
}

/**
 * Send a batch: each id once (the same message twice gets one send and the same
 * result), `prepare` checks each, `deliver` sends the ready ones and records their
 * results; a message left without one gets `missing(id)`.
 */
export async function sendBatch<P extends { msg: OutboundMessage }>(
  batch: OutboundMessage[],
  prepare: (msg: OutboundMessage) => P | SendResult,
  deliver: (ready: P[], results: Map<string, SendResult>) => Promise<void>,
  missing: (id: string) => SendResult
): Promise<SendResult[]> {
  const results = new Map<string, SendResult>()
  const ready: P[] = []
  const seen = new Set<string>()
  for (const msg of batch) {
    if (seen.has(msg.id)) continue
    seen.add(msg.id)
    const prepared = prepare(msg)
    if ("outcome" in prepared) results.set(msg.id, prepared)
    else ready.push(prepared)
  }
  await deliver(ready, results)
  return batch.map((m) => results.get(m.id) ?? missing(m.id))
}

/**
 * Run one request per group (`groupKey`: the messages one request can carry together),
 * each of at most `max` messages with no number twice, two requests at a time.
 */
export async function forEachRequest<P extends PhoneMessage>(
  items: readonly P[],
  groupKey: (p: P) => string,
  max: number,
  send: (chunk: P[]) => Promise<void>
): Promise<void> {
  if (items.length === 0) return
  const requests = groupBy(items, groupKey).flatMap((group) => chunkUnique(group, max, (p) => p.phone))
  await mapWithConcurrency(requests, 2, send)
}

/**
 * The answer to read, or null when the request failed as a whole (transport, or the
 * HTTP-level check): then each of its messages already has that failure as its result.
 */
export function answerToRead(
  res: HttpResult,
  items: readonly PhoneMessage[],
  results: Map<string, SendResult>,
  httpLevel: HttpLevelFailure
): HttpResponse | null {
  const f = res.ok ? httpLevel(res) : null
  if (res.ok && !f) return res
  for (const p of items) {
    results.set(p.msg.id, res.ok ? failed(p.msg.id, f as Failure) : fromTransport(p.msg.id, res.failure))
  }
  return null
}

/** The JSON body of a read call (status, balance, …); a failed transport or HTTP-level check throws. */
export function readBody(
  provider: string,
  operation: string,
  res: HttpResult,
  httpLevel: HttpLevelFailure
): Record<string, any> {
  if (!res.ok) throw requestFailed(provider, operation, res.failure)
  const f = httpLevel(res)
  if (f) throw requestFailed(provider, operation, f)
  return res.json as Record<string, any>
}
