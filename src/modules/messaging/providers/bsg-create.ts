/**
 * BSG's create requests (`POST /sms/create`, `POST /viber/create`): the body for one
 * chunk of messages and what the answer says about each of them.
 */
import type { SendResult } from "./types"
import type { HttpResponse } from "./http-response"
import type { PhoneMessage } from "./phone-batch"
import { mapBsgError, VIBER_PREFIX, type Leg } from "./bsg-protocol"
import { accepted, codeOf, failed, isRecord, toNumber } from "./results"

/** A message checked and ready for BSG: its number, senders and reference (bsgReference of our id). */
export interface Prepared extends PhoneMessage {
  reference: string
}

/** The `/sms/create` body for one chunk: one phone, one text to many phones, or one text each. */
export function bsgSmsBody(chunk: Prepared[], validity: number, tariff: number): Record<string, unknown> {
  if (chunk.length === 1) {
    const p = chunk[0]
    return {
      destination: "phone",
      msisdn: p.phone,
      originator: p.sender,
      body: p.msg.text,
      reference: p.reference,
      validity,
      tariff,
    }
  }
  if (chunk.every((p) => p.msg.text === chunk[0].msg.text && p.sender === chunk[0].sender)) {
    return {
      destination: "phones",
      originator: chunk[0].sender,
      body: chunk[0].msg.text,
      validity,
      tariff,
      phones: chunk.map((p) => ({ msisdn: p.phone, reference: p.reference })),
    }
  }
  return {
    destination: "individual",
    validity,
    tariff,
    phones: chunk.map((p) => ({ msisdn: p.phone, originator: p.sender, body: p.msg.text, reference: p.reference })),
  }
}

/** The `/viber/create` body for one chunk. */
export function bsgViberBody(chunk: Prepared[], validity: number, tariff: number): Record<string, unknown> {
  return { validity, tariff, messages: chunk.map(bsgViberMessage) }
}

/** One entry of a `/viber/create` body; an omni message carries its SMS fallback as `alt_route`. */
export function bsgViberMessage(p: Prepared): Record<string, unknown> {
  const viberOptions: Record<string, unknown> = {}
  if (p.msg.viber?.image_url) viberOptions.img = p.msg.viber.image_url
  if (p.msg.viber?.button_caption && p.msg.viber?.button_url) {
    viberOptions.caption = p.msg.viber.button_caption
    viberOptions.action = p.msg.viber.button_url
  }
  if (p.msg.channel === "omni") {
    viberOptions.alt_route = { originator: p.fallbackSender, text: p.msg.fallback_text || p.msg.text }
  }
  const m: Record<string, unknown> = {
    to: [{ msisdn: p.phone, reference: p.reference }],
    text: p.msg.text,
    alpha_name: p.sender,
    is_promotional: false,
  }
  if (Object.keys(viberOptions).length > 0) m.options = { viber: viberOptions }
  return m
}

/** What a create answer says: a result per message, and the messages whose reference BSG already had. */
export interface CreateAnswer {
  results: Map<string, SendResult>
  /** Error 23/43: the reference was used before — to be looked up, never sent again. */
  duplicates: Prepared[]
}

/**
 * Read a create answer (already past the HTTP-level check) for the messages of its
 * request. Rows are matched by reference, else by position when BSG answered one row
 * per message.
 */
export function readCreateAnswer(
  res: HttpResponse,
  chunk: Prepared[],
  leg: Leg,
  mask: (text: string) => string
): CreateAnswer {
  const results = new Map<string, SendResult>()
  const duplicates: Prepared[] = []
  const all = (f: (p: Prepared) => SendResult) => {
    chunk.forEach((p) => results.set(p.msg.id, f(p)))
    return { results, duplicates }
  }
  const body = res.json as Record<string, any>
  const items: unknown[] = Array.isArray(body.result) ? body.result : isRecord(body.result) ? [body.result] : []
  const topError = codeOf(body.error)
  if (items.length === 0) {
    if (topError !== null && topError !== 0) {
      const f = mapBsgError(topError, body.errorDescription)
      return all((p) => failed(p.msg.id, f))
    }
    return all((p) =>
      failed(p.msg.id, {
        kind: "unavailable",
        code: "unexpected_response",
        reason: "BSG answered without a result",
        maybe_accepted: true,
      })
    )
  }

  const byReference = new Map(chunk.map((p) => [p.reference, p]))
  items.forEach((raw, index) => {
    if (!isRecord(raw)) return
    const p =
      (typeof raw.reference === "string" && byReference.get(raw.reference)) ||
      (items.length === chunk.length ? chunk[index] : undefined)
    if (!p || results.has(p.msg.id)) return
    const code = codeOf(raw.error) ?? (raw.id != null ? 0 : null)
    if (code === 0 && raw.id != null && String(raw.id) !== "") {
      results.set(
        p.msg.id,
        accepted(p.msg.id, leg === "viber" ? VIBER_PREFIX + String(raw.id) : String(raw.id), {
          cost: toNumber(raw.price),
          currency:
            typeof raw.currency === "string" ? raw.currency : typeof body.currency === "string" ? body.currency : null,
        })
      )
    } else if (code === 23 || code === 43) {
      duplicates.push(p)
    } else {
      const f =
        code === null || code === 0
          ? { kind: "unknown" as const, code: "no_id", reason: "BSG accepted the message without an id" }
          : mapBsgError(code, raw.errorDescription)
      results.set(p.msg.id, failed(p.msg.id, { ...f, reason: mask(f.reason) }))
    }
  })
  return { results, duplicates }
}
