/**
 * The HTTP client of the HTTP adapters (BSG, TurboSMS, Twilio, Telegram).
 *
 *  - one axios instance per adapter with keep-alive agents,
 *  - a hard total deadline per request (`timeoutMs`, AbortSignal.timeout): a provider that
 *    trickles its answer a byte at a time cannot keep a request open past it (axios'
 *    own `timeout` only bounds silence between bytes); a caller's `signal` (the
 *    dispatcher's claim lease) can end it sooner,
 *  - `validateStatus: () => true`: adapters map HTTP statuses themselves,
 *  - the body is read as text and parsed in http-response.ts; transport errors become a
 *    TransportFailure in http-failures.ts,
 *  - every exchange is reported to `hooks.onExchange` with secrets masked.
 */
import http from "node:http"
import https from "node:https"
import axios, { type AxiosInstance, type AxiosResponse } from "axios"
import type { ProviderType } from "../types"
import { maskSecrets, maskString } from "./mask"
import { assertAllowedHost, guardedLookup } from "./allowed-hosts"
import { reportExchange, type ExchangeEntry, type ProviderHooks } from "./hooks"
import { DEFAULT_MAX_CONTENT_LENGTH, transportFailure } from "./http-failures"
import { toResponse, type HttpResult } from "./http-response"

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
      const failure = transportFailure(err, deadline.aborted ? "deadline" : req.signal?.aborted ? "released" : null, {
        baseUrl: this.opts.baseUrl,
        timeoutMs: this.opts.timeoutMs,
        maxContentLength: this.opts.maxContentLength,
        mask: (t) => this.mask(t),
      })
      result = { ok: false, failure }
      errorText = failure.reason
    }

    this.report(req, url, headers, result, Date.now() - started, errorText)
    return result
  }

  private report(
    req: HttpRequest,
    url: string,
    headers: Record<string, string>,
    result: HttpResult,
    duration: number,
    error: string | undefined
  ): void {
    reportExchange(this.opts.hooks, () => {
      const requestSummary = {
        headers: {
          ...(this.opts.headers ?? {}),
          ...headers,
          ...(this.opts.auth ? { Authorization: "Basic ****" } : {}),
        },
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
      return entry
    })
  }

  /** Drop pooled keep-alive sockets. */
  close(): void {
    this.httpAgent.destroy()
    this.httpsAgent.destroy()
  }
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
