/**
 * Twilio request signatures (X-Twilio-Signature):
 *   base64( HMAC-SHA1( authToken, fullUrl + for each POST param sorted by key: key + value ) )
 * Array values contribute key+value once per value, values sorted.
 */
import { createHmac, timingSafeEqual } from "node:crypto"

export type TwilioParams = Record<string, string | number | boolean | null | undefined | Array<string | number>>

export function twilioSignature(authToken: string, url: string, params: TwilioParams = {}): string {
  let data = url
  for (const key of Object.keys(params).sort()) {
    const v = params[key]
    if (v === undefined || v === null) continue
    const values = Array.isArray(v) ? v.map(String).sort() : [String(v)]
    for (const value of values) data += key + value
  }
  return createHmac("sha1", authToken).update(Buffer.from(data, "utf8")).digest("base64")
}

/**
 * Constant-time check of a signature. Like Twilio's own helpers, also accepts the URL
 * with the default port added or removed (proxies differ on whether it is kept).
 */
export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: TwilioParams,
  signature: string | null | undefined
): boolean {
  if (!signature) return false
  const given = Buffer.from(signature, "utf8")
  let ok = false
  for (const candidate of urlVariants(url)) {
    const expected = Buffer.from(twilioSignature(authToken, candidate, params), "utf8")
    // evaluate every variant: no early exit that would time the comparison
    if (expected.length === given.length && timingSafeEqual(expected, given)) ok = true
  }
  return ok
}

function urlVariants(url: string): string[] {
  const out = new Set<string>([url])
  const m = /^(https?):\/\/([^/:?#]+)(:\d+)?(.*)$/i.exec(url)
  if (m) {
    const defaultPort = m[1].toLowerCase() === "https" ? ":443" : ":80"
    if (!m[3]) out.add(`${m[1]}://${m[2]}${defaultPort}${m[4]}`)
    else if (m[3] === defaultPort) out.add(`${m[1]}://${m[2]}${m[4]}`)
  }
  return [...out]
}
