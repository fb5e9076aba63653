/**
 * Twilio webhooks: status callbacks (MessageStatus) and inbound SMS (From/To/Body
 * without MessageStatus) on the same URL, signed with X-Twilio-Signature.
 */
import type { InboundMessage, StatusReport, WebhookRequest, WebhookResult } from "./types"
import { WebhookAuthError } from "./errors"
import { isRecord } from "./results"
import { verifyTwilioSignature, type TwilioParams } from "./twilio-signature"
import { mapTwilioStatus } from "./twilio-protocol"

/** Check the signature and read a status callback or an inbound SMS; throws WebhookAuthError. */
export function parseTwilioWebhook(authToken: string, req: WebhookRequest): WebhookResult {
  const header = req.headers["x-twilio-signature"]
  const signature = Array.isArray(header) ? header[0] : header
  const params: TwilioParams =
    req.method.toUpperCase() === "GET" ? {} : ((isRecord(req.body) ? req.body : {}) as TwilioParams)
  if (!verifyTwilioSignature(authToken, req.url, params, signature)) {
    throw new WebhookAuthError(
      signature ? "Twilio signature does not match" : "Twilio webhook without X-Twilio-Signature"
    )
  }
  const p = { ...(isRecord(req.query) ? req.query : {}), ...(isRecord(req.body) ? req.body : {}) } as Record<
    string,
    any
  >
  const reports: StatusReport[] = []
  const inbound: InboundMessage[] = []
  const status = p.MessageStatus ?? p.SmsStatus
  if (typeof status === "string" && status !== "received") {
    reports.push({
      provider_message_id:
        typeof p.MessageSid === "string" ? p.MessageSid : typeof p.SmsSid === "string" ? p.SmsSid : null,
      status: mapTwilioStatus(status),
      raw_status: status,
      raw_code: p.ErrorCode ? String(p.ErrorCode) : null,
      channel: "sms",
      occurred_at: new Date(),
      error: p.ErrorMessage ? String(p.ErrorMessage) : p.ErrorCode ? `Twilio error ${p.ErrorCode}` : null,
    })
    return { reports, inbound, response: { status: 200, body: "", contentType: "text/plain" } }
  }
  if (typeof p.From === "string" && typeof p.Body === "string") {
    inbound.push({
      from: p.From,
      to: typeof p.To === "string" ? p.To : null,
      text: p.Body,
      provider_message_id: typeof p.MessageSid === "string" ? p.MessageSid : null,
      received_at: new Date(),
    })
  }
  // an empty TwiML answer: no auto-reply
  return { reports, inbound, response: { status: 200, body: "<Response></Response>", contentType: "text/xml" } }
}
