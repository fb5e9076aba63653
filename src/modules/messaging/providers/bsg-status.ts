/**
 * BSG's status reads: `GET /{leg}/{id}` for a message BSG gave an id, and
 * `GET /{leg}/reference/{reference}` for one known only by our reference (a send whose
 * answer was lost, or a 23/43 "reference already used").
 */
import type { StatusReport } from "./types"
import type { HttpClient } from "./http"
import { ProviderRequestError } from "./errors"
import { bsgStatusDocument, httpLevelFailure, toBsgReport, VIBER_PREFIX, type Leg } from "./bsg-protocol"
import { readBody } from "./phone-batch"

const NAME = "BSG"

export type FoundStatus = StatusReport & { provider_message_id: string }

/** Our provider_message_id ("213", "viber:217") → the leg and the path of its status. */
export function bsgStatusPath(providerMessageId: string): { leg: Leg; path: string } {
  const leg: Leg = providerMessageId.startsWith(VIBER_PREFIX) ? "viber" : "sms"
  const rawId = leg === "viber" ? providerMessageId.slice(VIBER_PREFIX.length) : providerMessageId
  return { leg, path: `/${leg}/${encodeURIComponent(rawId)}` }
}

/** The message with this reference, asking the legs in order; null when none knows it. */
export async function lookUpBsgReference(
  http: HttpClient,
  reference: string,
  legs: Leg[],
  id: string
): Promise<FoundStatus | null> {
  for (const leg of legs) {
    const found = await fetchBsgStatus(http, `/${leg}/reference/${encodeURIComponent(reference)}`, leg, "lookup", id)
    if (found) return found
  }
  return null
}

/** GET a status document; null when BSG does not know the message; throws on failure. */
export async function fetchBsgStatus(
  http: HttpClient,
  path: string,
  leg: Leg,
  operation: string,
  id: string | null
): Promise<FoundStatus | null> {
  const res = await http.request({ operation, method: "GET", path })
  if (res.ok && res.status === 404) return null
  const found = bsgStatusDocument(readBody(NAME, operation, res, (r) => httpLevelFailure(r, (t) => http.mask(t))))
  if (found === null) return null
  // an account problem is not worth retrying; an outage or a rate limit is
  if ("failure" in found) throw new ProviderRequestError(NAME, operation, found.failure, !found.failure.account_level)
  return toBsgReport(found.doc, leg, id)
}
