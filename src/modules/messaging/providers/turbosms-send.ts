/**
 * TurboSMS's `POST /message/send.json`: messages with the same content go out in one
 * request with a recipients array; the answer's rows are matched back to our messages
 * by phone. `response_code` 800–803 = accepted with per-recipient rows, anything else =
 * the whole request failed.
 */
import type { SendResult } from "./types"
import type { HttpResponse } from "./http-response"
import type { PhoneMessage } from "./phone-batch"
import { accepted, codeOf, digitsOnly, failed, isRecord } from "./results"
import { isAcceptedCode, mapTurboSmsCode } from "./turbosms-protocol"

/** A checked message with what it adds to a request; messages with the same payload share one. */
export interface Prepared extends PhoneMessage {
  payload: Record<string, unknown>
  groupKey: string
}

/** The `sms` / `viber` parts of a request; Omni (TurboSMS "hybrid") carries both, Viber first. */
export function turboSmsPayload(p: PhoneMessage): Record<string, unknown> {
  const { msg } = p
  if (msg.channel === "sms") return { sms: { sender: p.sender, text: msg.text } }
  const viber: Record<string, unknown> = { sender: p.sender, text: msg.text }
  if (msg.validity_seconds) viber.ttl = Math.min(86400, Math.max(60, Math.round(msg.validity_seconds)))
  if (msg.viber?.image_url) viber.image_url = msg.viber.image_url
  if (msg.viber?.button_caption && msg.viber?.button_url) {
    viber.caption = msg.viber.button_caption.slice(0, 30)
    viber.action = msg.viber.button_url
  }
  const payload: Record<string, unknown> = { viber }
  if (msg.channel === "omni") payload.sms = { sender: p.fallbackSender, text: msg.fallback_text || msg.text }
  return payload
}

export function prepareTurboSms(p: PhoneMessage): Prepared {
  const payload = turboSmsPayload(p)
  return { ...p, payload, groupKey: JSON.stringify(payload) }
}

/** The request body for one chunk of messages with the same payload. */
export function turboSmsSendBody(items: Prepared[]): Record<string, unknown> {
  return { recipients: items.map((p) => p.phone), ...items[0].payload }
}

/** Read a send answer (already past the HTTP-level check): a result for each message of the request. */
export function readSendAnswer(res: HttpResponse, items: Prepared[]): Map<string, SendResult> {
  const results = new Map<string, SendResult>()
  const all = (f: (p: Prepared) => SendResult) => {
    items.forEach((p) => results.set(p.msg.id, f(p)))
    return results
  }
  const body = res.json as Record<string, any>
  const code = codeOf(body.response_code)
  if (code === null) {
    return all((p) =>
      failed(p.msg.id, {
        kind: "unavailable",
        code: "unexpected_response",
        reason: "TurboSMS answer has no response_code",
        maybe_accepted: true,
      })
    )
  }
  if (!isAcceptedCode(code)) {
    const f = mapTurboSmsCode(code, body.response_status)
    return all((p) => failed(p.msg.id, f))
  }
  const rows: unknown[] = Array.isArray(body.response_result) ? body.response_result : []
  const byPhone = new Map<string, Record<string, any>>()
  for (const row of rows)
    if (isRecord(row) && row.phone != null && !byPhone.has(digitsOnly(String(row.phone))))
      byPhone.set(digitsOnly(String(row.phone)), row)
  for (const p of items) {
    const row = byPhone.get(p.phone)
    if (!row) {
      results.set(
        p.msg.id,
        failed(p.msg.id, {
          kind: "unknown",
          code: String(code),
          reason: `TurboSMS answered ${body.response_status ?? code} without a row for ${p.phone}`,
        })
      )
      continue
    }
    const rowCode = codeOf(row.response_code) ?? 0
    if (rowCode === 0 && row.message_id) {
      results.set(
        p.msg.id,
        accepted(p.msg.id, String(row.message_id), {
          raw_status: String(row.response_status ?? body.response_status ?? "OK"),
        })
      )
    } else {
      results.set(
        p.msg.id,
        failed(
          p.msg.id,
          rowCode === 0
            ? { kind: "unknown", code: "no_id", reason: "TurboSMS accepted the recipient without a message id" }
            : mapTurboSmsCode(rowCode, row.response_status)
        )
      )
    }
  }
  return results
}
