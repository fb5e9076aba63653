/**
 * An HTTP answer as the adapters read it: the body is read as text and parsed here, so
 * malformed JSON, HTML error pages and empty bodies become a readable `bodyProblem`
 * instead of a throw.
 */
import type { AxiosResponse } from "axios"
import { storable, storableText } from "../text/storable"
import type { TransportFailure } from "./http-failures"

export interface HttpResponse {
  ok: true
  status: number
  headers: Record<string, string>
  /** Parsed JSON, or undefined when the body is not JSON (see bodyProblem). */
  json: unknown
  /** null when json is usable; otherwise e.g. "empty body", "invalid JSON", "HTML page". */
  bodyProblem: string | null
  text: string
}

export type HttpResult = HttpResponse | { ok: false; failure: TransportFailure }

export function toResponse(res: AxiosResponse<string>): HttpResponse {
  // Whatever the provider answers ends up in the outbox and the debug log: storable text only.
  const text = storableText(typeof res.data === "string" ? res.data : res.data == null ? "" : String(res.data))
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(res.headers ?? {})) {
    if (v !== undefined && v !== null) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v)
  }
  let json: unknown = undefined
  let bodyProblem: string | null = null
  const trimmed = text.trim()
  if (trimmed === "") {
    bodyProblem = `empty response body (HTTP ${res.status})`
  } else {
    try {
      json = JSON.parse(trimmed)
      if (trimmed.includes("\\u0000")) json = storable(json)
    } catch {
      bodyProblem =
        /^<(!doctype|html|\?xml|head|body)/i.test(trimmed) || /<html/i.test(trimmed.slice(0, 200))
          ? `HTML page instead of JSON (HTTP ${res.status})`
          : `invalid JSON in response (HTTP ${res.status})`
    }
  }
  return { ok: true, status: res.status, headers, json, bodyProblem, text }
}

/** Retry-After header (seconds or HTTP date) → milliseconds. */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | null {
  const v = headers["retry-after"]
  if (!v) return null
  const secs = Number(v)
  if (Number.isFinite(secs) && secs >= 0) return Math.round(secs * 1000)
  const at = Date.parse(v)
  return Number.isFinite(at) ? Math.max(0, at - now) : null
}
