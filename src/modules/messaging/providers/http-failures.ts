/**
 * What went wrong with a request, as a TransportFailure (`kind: "unavailable"`): the
 * transport errors (refused, reset, timeout, DNS, too large, not allowed) and answers
 * whose body cannot be used. `maybe_accepted` is set when the request had been fully
 * written before the connection failed: the provider may have taken it.
 */
import type { HttpResponse } from "./http-response"

export interface TransportFailure {
  kind: "unavailable"
  code: string
  reason: string
  /** The request may have reached the provider: look up by reference before resending. */
  maybe_accepted: boolean
  status: number | null
}

export const DEFAULT_MAX_CONTENT_LENGTH = 1024 * 1024

/** What the failure texts need to know about the client. */
export interface TransportContext {
  baseUrl: string
  timeoutMs: number
  maxContentLength?: number
  mask: (text: string) => string
}

/** Why the request's signal fired: our hard deadline, or the caller (the claim lease). */
export type Abort = "deadline" | "released" | null

/** An error thrown by axios (or by the host check before it) → a TransportFailure. */
export function transportFailure(err: any, aborted: Abort, ctx: TransportContext): TransportFailure {
  const code: string = err?.code ?? err?.cause?.code ?? "ERR_UNKNOWN"
  const requestWritten = Boolean(err?.request?.writableFinished)
  const status = typeof err?.response?.status === "number" ? err.response.status : null
  const msg = ctx.mask
  const fail = (c: string, reason: string, maybeAccepted = requestWritten): TransportFailure => ({
    kind: "unavailable",
    code: c,
    reason,
    maybe_accepted: maybeAccepted,
    status,
  })
  if (code === "host_not_allowed")
    return { kind: "unavailable", code, reason: msg(String(err.message)), maybe_accepted: false, status: null }
  if (code === "ERR_NOT_SENT") {
    return { kind: "unavailable", code: "not_sent", reason: String(err.message), maybe_accepted: false, status: null }
  }
  if (aborted === "deadline") {
    return fail(
      "timeout",
      requestWritten
        ? `no complete answer within the ${ctx.timeoutMs} ms deadline after the request was sent (the provider may have accepted it)`
        : `could not send the request within the ${ctx.timeoutMs} ms deadline`
    )
  }
  if (aborted === "released") {
    return fail(
      "aborted",
      requestWritten
        ? "stopped waiting: the claim on this message was running out (the provider may have accepted it)"
        : "not sent: the claim on this message was running out"
    )
  }
  if (code === "ECONNABORTED" || code === "ETIMEDOUT" || /timeout/i.test(String(err?.message))) {
    return fail(
      "timeout",
      requestWritten
        ? `no answer within ${ctx.timeoutMs} ms after the request was sent (the provider may have accepted it)`
        : `could not connect within ${ctx.timeoutMs} ms`
    )
  }
  if (code === "ECONNREFUSED") {
    return fail("connection_refused", msg(`connection refused (${hostOf(ctx.baseUrl)})`), false)
  }
  if (code === "ECONNRESET" || code === "EPIPE" || code === "ERR_SOCKET_CONNECTION_TIMEOUT") {
    return fail(
      "connection_reset",
      requestWritten
        ? "connection closed by the provider after the request was sent (the provider may have accepted it)"
        : "connection closed by the provider before the request was sent"
    )
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return fail("dns", msg(`cannot resolve ${hostOf(ctx.baseUrl)}`), false)
  }
  if (code === "ERR_BAD_RESPONSE" && /maxContentLength/i.test(String(err?.message))) {
    const limit = ctx.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH
    return fail(
      "response_too_large",
      `response body larger than ${Math.round(limit / 1024)} KB (not a normal API answer)`,
      // the provider answered, so it saw the request; we cannot read what it said
      true
    )
  }
  return fail("transport_error", msg(`request failed: ${String(err?.message ?? err)} (${code})`))
}

/** A readable failure for a response whose body could not be used. */
export function bodyFailure(res: HttpResponse, fallback = "unexpected response"): TransportFailure {
  const problem = res.bodyProblem ?? `${fallback} (HTTP ${res.status})`
  return {
    kind: "unavailable",
    code: res.status >= 500 ? `http_${res.status}` : res.bodyProblem ? "malformed_response" : "unexpected_response",
    reason: problem,
    // A 200 we cannot read, or a gateway timeout (504): the provider may have taken it.
    // 500/502/503 say the request failed: safe to send again, through another account too.
    maybe_accepted: res.status < 500 || res.status === 504,
    status: res.status,
  }
}

function hostOf(base: string): string {
  try {
    return new URL(base).host
  } catch {
    return base
  }
}
