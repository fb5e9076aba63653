/**
 * The HTTP layer shared by the HTTP adapters (BSG, TurboSMS, Twilio, Telegram).
 *
 *  - one axios instance per adapter with keep-alive agents,
 *  - a hard total deadline per request (`timeoutMs`, AbortSignal.timeout): a provider that
 *    trickles its answer a byte at a time cannot keep a request open past it (axios'
 *    own `timeout` only bounds silence between bytes); a caller's `signal` (the
 *    dispatcher's claim lease) can end it sooner,
 *  - `validateStatus: () => true`: adapters map HTTP statuses themselves,
 *  - the body is read as text and parsed here, so malformed JSON, HTML error pages,
 *    empty and oversized bodies become a readable `bodyProblem` instead of a throw,
 *  - transport errors (refused, reset, timeout, DNS, too large) become a
 *    TransportFailure (`kind: "unavailable"`), with `maybe_accepted` when the request
 *    had been fully written before the connection failed,
 *  - every exchange is reported to `hooks.onExchange` with secrets masked.
 */
import http from "node:http"
import https from "node:https"
import axios, { type AxiosInstance, type AxiosResponse } from "axios"
import { storable, storableText } from "../text/storable"
import type { ProviderType } from "../types"
import { maskSecrets, maskString } from "./mask"
import { assertAllowedHost, guardedLookup, type HostPolicy } from "./allowed-hosts"

export interface ExchangeEntry {
  provider: ProviderType
  /** What the adapter was doing: "send", "status", "balance", "lookup", "probe", … */
  operation: string
  method: string
  /** Full URL, secrets masked (the Telegram bot token sits in the path). */
  url: string
  request_summary: unknown
  /** HTTP status, null when no response arrived. */
  status: number | null
  response_summary: unknown
  duration_ms: number
  error?: string
}

export interface ProviderHooks {
  /** Called once per HTTP request (and per SMTP sendMail) with masked summaries. */
  onExchange?: (entry: ExchangeEntry) => void
  /**
   * Whether `onExchange` wants entries right now (e.g. the debug log is on). When it
   * returns false no summary is built or masked: that work is skipped on the hot path.
   */
  wantsExchange?: () => boolean
  /** Clock for time-dependent adapters (sandbox delivery); defaults to Date.now. */
  now?: () => number
  /** Waits used for in-call retries (Telegram retry_after); defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>
  /** Where requests may go (allowed_hosts); checked before each request and at connect. */
  hostPolicy?: HostPolicy
}

export interface TransportFailure {
  kind: "unavailable"
  code: string
  reason: string
  /** The request may have reached the provider: look up by reference before resending. */
  maybe_accepted: boolean
  status: number | null
}

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

export interface HttpRequest {
  operation: string
  method: "GET" | "POST" | "PUT"
  /** Appended to the base URL; must start with "/". */
  path: string
  json?: unknown
  form?: Record<string, string>
  headers?: Record<string, string>
  /** Aborts the request (e.g. the dispatcher's claim on the message is running out). */
  signal?: AbortSignal | null
}

export interface HttpClientOptions {
  provider: ProviderType
  baseUrl: string
  /** Hard total deadline of one request (connect + send + the whole answer), ms. */
  timeoutMs: number
  headers?: Record<string, string>
  auth?: { username: string; password: string }
  /** Values to mask in every summary and error text. */
  secrets: string[]
  hooks?: ProviderHooks
  /** Largest response body accepted, bytes (default 1 MB). */
  maxContentLength?: number
}

export const DEFAULT_MAX_CONTENT_LENGTH = 1024 * 1024
const SUMMARY_LIMIT = 4000

export class HttpClient {
  private readonly axios: AxiosInstance
  private readonly httpAgent: http.Agent
  private readonly httpsAgent: https.Agent
  private readonly opts: HttpClientOptions

  constructor(opts: HttpClientOptions) {
    this.opts = opts
    const lookup = guardedLookup(opts.hooks?.hostPolicy)
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16, lookup })
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 16, lookup })
    this.axios = axios.create({
      baseURL: opts.baseUrl,
      timeout: opts.timeoutMs,
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      validateStatus: () => true,
      // native http request object: lets us tell whether the body was fully written
      maxRedirects: 0,
      maxContentLength: opts.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH,
      maxBodyLength: 10 * 1024 * 1024,
      responseType: "text",
      transformResponse: [(data: unknown) => data],
      headers: { Accept: "application/json", ...(opts.headers ?? {}) },
      auth: opts.auth,
    })
  }

  get secrets(): readonly string[] {
    return this.opts.secrets
  }

  /** Mask configured secrets in any value (for error texts built by adapters). */
  mask<T>(value: T): T {
    return maskSecrets(value, this.opts.secrets)
  }

  async request(req: HttpRequest): Promise<HttpResult> {
    const started = Date.now()
    const url = this.opts.baseUrl + req.path
    let data: string | undefined
    const headers: Record<string, string> = { ...(req.headers ?? {}) }
    if (req.form) {
      data = new URLSearchParams(req.form).toString()
      headers["Content-Type"] = "application/x-www-form-urlencoded"
    } else if (req.json !== undefined) {
      data = JSON.stringify(req.json)
      headers["Content-Type"] = "application/json"
    }

    let result: HttpResult
    let errorText: string | undefined
    const deadline = AbortSignal.timeout(this.opts.timeoutMs)
    const signal = req.signal ? AbortSignal.any([deadline, req.signal]) : deadline
    try {
      await assertAllowedHost(url, this.opts.hooks?.hostPolicy)
      if (req.signal?.aborted)
        throw Object.assign(new Error("not sent: the claim on this message ran out"), { code: "ERR_NOT_SENT" })
      const res: AxiosResponse<string> = await this.axios.request({
        method: req.method,
        url: req.path,
        data,
        headers,
        signal,
      })
      result = toResponse(res)
    } catch (err) {
      const failure = this.transportFailure(
        err,
        deadline.aborted ? "deadline" : req.signal?.aborted ? "released" : null
      )
      result = { ok: false, failure }
      errorText = failure.reason
    }

    this.report(req, url, headers, result, Date.now() - started, errorText)
    return result
  }

  private transportFailure(err: any, aborted: "deadline" | "released" | null = null): TransportFailure {
    const code: string = err?.code ?? err?.cause?.code ?? "ERR_UNKNOWN"
    const requestWritten = Boolean(err?.request?.writableFinished)
    const status = typeof err?.response?.status === "number" ? err.response.status : null
    const msg = (m: string): string => this.mask(m)
    if (code === "host_not_allowed")
      return { kind: "unavailable", code, reason: msg(String(err.message)), maybe_accepted: false, status: null }
    if (code === "ERR_NOT_SENT") {
      return { kind: "unavailable", code: "not_sent", reason: String(err.message), maybe_accepted: false, status: null }
    }
    if (aborted === "deadline") {
      return {
        kind: "unavailable",
        code: "timeout",
        reason: requestWritten
          ? `no complete answer within the ${this.opts.timeoutMs} ms deadline after the request was sent (the provider may have accepted it)`
          : `could not send the request within the ${this.opts.timeoutMs} ms deadline`,
        maybe_accepted: requestWritten,
        status,
      }
    }
    if (aborted === "released") {
      return {
        kind: "unavailable",
        code: "aborted",
        reason: requestWritten
          ? "stopped waiting: the claim on this message was running out (the provider may have accepted it)"
          : "not sent: the claim on this message was running out",
        maybe_accepted: requestWritten,
        status,
      }
    }
    if (code === "ECONNABORTED" || code === "ETIMEDOUT" || /timeout/i.test(String(err?.message))) {
      return {
        kind: "unavailable",
        code: "timeout",
        reason: requestWritten
          ? `no answer within ${this.opts.timeoutMs} ms after the request was sent (the provider may have accepted it)`
          : `could not connect within ${this.opts.timeoutMs} ms`,
        maybe_accepted: requestWritten,
        status,
      }
    }
    if (code === "ECONNREFUSED") {
      return {
        kind: "unavailable",
        code: "connection_refused",
        reason: msg(`connection refused (${hostOf(this.opts.baseUrl)})`),
        maybe_accepted: false,
        status,
      }
    }
    if (code === "ECONNRESET" || code === "EPIPE" || code === "ERR_SOCKET_CONNECTION_TIMEOUT") {
      return {
        kind: "unavailable",
        code: "connection_reset",
        reason: requestWritten
          ? "connection closed by the provider after the request was sent (the provider may have accepted it)"
          : "connection closed by the provider before the request was sent",
        maybe_accepted: requestWritten,
        status,
      }
    }
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
      return {
        kind: "unavailable",
        code: "dns",
        reason: msg(`cannot resolve ${hostOf(this.opts.baseUrl)}`),
        maybe_accepted: false,
        status,
      }
    }
    if (code === "ERR_BAD_RESPONSE" && /maxContentLength/i.test(String(err?.message))) {
      const limit = this.opts.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH
      return {
        kind: "unavailable",
        code: "response_too_large",
        reason: `response body larger than ${Math.round(limit / 1024)} KB (not a normal API answer)`,
        // the provider answered, so it saw the request; we cannot read what it said
        maybe_accepted: true,
        status,
      }
    }
    return {
      kind: "unavailable",
      code: "transport_error",
      reason: msg(`request failed: ${String(err?.message ?? err)} (${code})`),
      maybe_accepted: requestWritten,
      status,
    }
  }

  private report(
    req: HttpRequest,
    url: string,
    headers: Record<string, string>,
    result: HttpResult,
    duration: number,
    error: string | undefined
  ): void {
    const hook = this.opts.hooks?.onExchange
    if (!hook || this.opts.hooks?.wantsExchange?.() === false) return
    const requestSummary = {
      headers: { ...(this.opts.headers ?? {}), ...headers, ...(this.opts.auth ? { Authorization: "Basic ****" } : {}) },
      body: req.form ?? req.json,
    }
    const entry: ExchangeEntry = {
      provider: this.opts.provider,
      operation: req.operation,
      method: req.method,
      url: maskString(url, this.opts.secrets),
      request_summary: truncateSummary(this.mask(requestSummary)),
      status: result.ok ? result.status : result.failure.status,
      response_summary: result.ok
        ? truncateSummary(this.mask(result.json !== undefined ? result.json : result.text.slice(0, 500)))
        : null,
      duration_ms: duration,
    }
    if (error) entry.error = this.mask(error)
    else if (result.ok && result.bodyProblem) entry.error = result.bodyProblem
    try {
      hook(entry)
    } catch {
      // a broken log hook must not break sending
    }
  }

  /** Drop pooled keep-alive sockets. */
  close(): void {
    this.httpAgent.destroy()
    this.httpsAgent.destroy()
  }
}

function hostOf(base: string): string {
  try {
    return new URL(base).host
  } catch {
    return base
  }
}

function toResponse(res: AxiosResponse<string>): HttpResponse {
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

function truncateSummary(value: unknown): unknown {
  if (value === undefined) return null
  let s: string
  try {
    s = typeof value === "string" ? value : JSON.stringify(value)
  } catch {
    return "[unserializable]"
  }
  if (s.length <= SUMMARY_LIMIT) return value
  return `${s.slice(0, SUMMARY_LIMIT)}… (${s.length} chars)`
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

/** Retry-After header (seconds or HTTP date) → milliseconds. */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | null {
  const v = headers["retry-after"]
  if (!v) return null
  const secs = Number(v)
  if (Number.isFinite(secs) && secs >= 0) return Math.round(secs * 1000)
  const at = Date.parse(v)
  return Number.isFinite(at) ? Math.max(0, at - now) : null
}

/** Run `fn` over `items` with at most `limit` in flight; results keep input order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i], i)
    }
  })
  await Promise.all(workers)
  return results
}

export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
