/**
 * Shared machinery of the fake provider servers: a real HTTP server on 127.0.0.1,
 * request recording, latency, failure modes and stop/start on the same port.
 *
 * Failure modes (switch at runtime with `setMode`):
 *   ok                  normal answers from the provider-specific handler
 *   http500             HTTP 500 with a short text body
 *   timeout             reads the request, never answers
 *   accept_then_timeout processes the request normally, then never answers
 *                       (the "answer lost" case: the provider did accept it)
 *   trickle             processes the request normally (it is accepted), then sends the
 *                       answer one byte every `trickleMs` (default 1 s): never silent long
 *                       enough for an idle timeout, done only long after any deadline
 *   malformed           HTTP 200 with invalid JSON
 *   html                HTTP 200 with an HTML error page
 *   empty               HTTP 200 with an empty body
 *   huge                HTTP 200 with a 10 MB body
 *   rate_limit          the provider's own rate-limit answer (handler decides)
 *   insufficient_funds  the provider's own "no money" answer (handler decides)
 *   down                server closed: connections are refused (stop()/start())
 */
import http from "node:http"
import type { AddressInfo, Socket } from "node:net"

export const FAKE_MODES = [
  "ok",
  "http500",
  "timeout",
  "accept_then_timeout",
  "trickle",
  "malformed",
  "html",
  "empty",
  "huge",
  "rate_limit",
  "insufficient_funds",
  "down",
] as const
export type FakeMode = (typeof FAKE_MODES)[number]

export interface RecordedRequest {
  method: string
  /** Path without the query string. */
  path: string
  query: Record<string, string>
  headers: http.IncomingHttpHeaders
  /** Parsed body: JSON (whatever the content type says), form, or the raw text. */
  body: any
  rawBody: string
  at: Date
}

export interface FakeReply {
  status: number
  body?: unknown
  /** Sent verbatim instead of JSON-encoding `body`. */
  raw?: string
  headers?: Record<string, string>
}

export interface FakeContext {
  req: RecordedRequest
  mode: FakeMode
}

/** Returns the reply, or null for "404 no such endpoint". */
export type FakeHandler = (ctx: FakeContext) => FakeReply | null | Promise<FakeReply | null>

export interface FakeServerOptions {
  port?: number
  latencyMs?: number
  mode?: FakeMode
  verbose?: boolean
  /** Name used in verbose logs. */
  name?: string
  /** Pause between the bytes of a "trickle" answer (default 1000 ms). */
  trickleMs?: number
}

export interface FakeServer {
  /** Base URL to put into the account config. */
  readonly url: string
  readonly port: number
  readonly requests: RecordedRequest[]
  readonly mode: FakeMode
  latencyMs: number
  /** Pause between the bytes of a "trickle" answer. */
  trickleMs: number
  /** Requests being handled right now, and the most there ever were at once (since reset). */
  readonly inFlight: number
  readonly maxInFlight: number
  setMode(mode: FakeMode): Promise<void>
  /** Close the listening socket and every open connection (connections get refused). */
  stop(): Promise<void>
  /** Listen again on the same port. */
  start(): Promise<void>
  /** Forget recorded requests and the provider state; mode back to "ok". */
  reset(): void
  close(): Promise<void>
}

export interface HttpFake {
  server: FakeServer
  origin: string
}

const HUGE_BODY_BYTES = 10 * 1024 * 1024

export async function startHttpFake(
  opts: FakeServerOptions,
  handler: FakeHandler,
  onReset: () => void,
  urlPath = ""
): Promise<FakeServer> {
  let mode: FakeMode = opts.mode ?? "ok"
  let port = opts.port ?? 0
  const sockets = new Set<Socket>()
  const requests: RecordedRequest[] = []
  let server: http.Server | null = null
  const log = (...args: unknown[]) => {
    if (opts.verbose) console.log(`[fake ${opts.name ?? "provider"}]`, ...args)
  }

  const state = { latencyMs: opts.latencyMs ?? 0, trickleMs: opts.trickleMs ?? 1000, inFlight: 0, maxInFlight: 0 }

  const listener = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    state.inFlight++
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight)
    let counted = true
    const done = () => {
      if (counted) state.inFlight--
      counted = false
    }
    res.once("finish", done)
    res.once("close", done)
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const rawBody = Buffer.concat(chunks).toString("utf8")
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams.entries()),
      headers: req.headers,
      body: parseBody(rawBody),
      rawBody,
      at: new Date(),
    }
    requests.push(recorded)
    log(recorded.method, recorded.path, rawBody.slice(0, 200))
    if (state.latencyMs > 0) await new Promise((r) => setTimeout(r, state.latencyMs))
    res.on("error", () => undefined)

    const current = mode
    if (current === "timeout") return // never answer; the socket is destroyed on stop/close
    if (current === "http500")
      return send(res, { status: 500, raw: "Internal Server Error", headers: { "Content-Type": "text/plain" } })
    if (current === "malformed")
      return send(res, {
        status: 200,
        raw: '{"result":[{"error":0,"id":',
        headers: { "Content-Type": "application/json" },
      })
    if (current === "html") {
      return send(res, {
        status: 200,
        raw: "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
        headers: { "Content-Type": "text/html" },
      })
    }
    if (current === "empty") return send(res, { status: 200, raw: "", headers: { "Content-Type": "application/json" } })
    if (current === "huge") return sendHuge(res)

    let reply: FakeReply | null
    try {
      reply = await handler({ req: recorded, mode: current })
    } catch (err) {
      log("handler error", err)
      reply = { status: 500, body: { error: "fake handler crashed", message: String(err) } }
    }
    if (current === "accept_then_timeout") return // processed, answer lost
    if (current === "trickle")
      return sendTrickle(res, reply ?? { status: 404, body: { code: 404, message: "Not found" } }, state.trickleMs)
    send(res, reply ?? { status: 404, body: { code: 404, message: "Not found" } })
  }

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = http.createServer((req, res) => {
        listener(req, res).catch(() => {
          try {
            res.destroy()
          } catch {
            /* ignore */
          }
        })
      })
      s.keepAliveTimeout = 5000
      s.on("connection", (socket) => {
        sockets.add(socket)
        socket.on("close", () => sockets.delete(socket))
      })
      s.once("error", reject)
      s.listen(port, "127.0.0.1", () => {
        port = (s.address() as AddressInfo).port
        server = s
        resolve()
      })
    })

  const stop = async () => {
    const s = server
    server = null
    if (!s) return
    await new Promise<void>((resolve) => {
      s.close(() => resolve())
      for (const socket of sockets) socket.destroy()
      sockets.clear()
    })
  }

  await listen()

  const fake: FakeServer = {
    get url() {
      return `http://127.0.0.1:${port}${urlPath}`
    },
    get port() {
      return port
    },
    requests,
    get mode() {
      return mode
    },
    get latencyMs() {
      return state.latencyMs
    },
    set latencyMs(v: number) {
      state.latencyMs = v
    },
    get trickleMs() {
      return state.trickleMs
    },
    set trickleMs(v: number) {
      state.trickleMs = v
    },
    get inFlight() {
      return state.inFlight
    },
    get maxInFlight() {
      return state.maxInFlight
    },
    async setMode(next: FakeMode) {
      if (next === "down" && mode !== "down") await stop()
      if (next !== "down" && !server) await listen()
      const hanging = ["timeout", "accept_then_timeout", "trickle"]
      if (hanging.includes(next) || hanging.includes(mode)) {
        // drop hanging requests of the previous mode
        if (next !== mode) for (const socket of sockets) socket.destroy()
      }
      mode = next
    },
    stop: async () => {
      await stop()
      mode = "down"
    },
    start: async () => {
      if (!server) await listen()
      if (mode === "down") mode = "ok"
    },
    reset() {
      requests.length = 0
      state.maxInFlight = state.inFlight
      mode = server ? "ok" : mode
      onReset()
    },
    async close() {
      await stop()
    },
  }
  return fake
}

function parseBody(raw: string): any {
  if (raw === "") return {}
  try {
    return JSON.parse(raw)
  } catch {
    /* not JSON */
  }
  if (/^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(raw.trim())) {
    return Object.fromEntries(new URLSearchParams(raw).entries())
  }
  return raw
}

function send(res: http.ServerResponse, reply: FakeReply) {
  if (res.writableEnded || res.destroyed) return
  const payload = reply.raw !== undefined ? reply.raw : reply.body === undefined ? "" : JSON.stringify(reply.body)
  const headers: Record<string, string> = {
    "Content-Type": reply.raw !== undefined ? "text/plain; charset=utf-8" : "application/json",
    ...(reply.headers ?? {}),
    "Content-Length": String(Buffer.byteLength(payload)),
  }
  res.writeHead(reply.status, headers)
  res.end(payload)
}

/** The whole answer, one byte at a time (padded with spaces so it lasts), until the client hangs up. */
function sendTrickle(res: http.ServerResponse, reply: FakeReply, everyMs: number) {
  if (res.writableEnded || res.destroyed) return
  const body = reply.raw !== undefined ? reply.raw : reply.body === undefined ? "" : JSON.stringify(reply.body)
  const payload = Buffer.from(body.padEnd(Math.max(body.length, 600), " "))
  res.writeHead(reply.status, { "Content-Type": "application/json", "Content-Length": String(payload.length) })
  let sent = 0
  const timer = setInterval(() => {
    if (res.destroyed || sent >= payload.length) {
      clearInterval(timer)
      if (!res.destroyed) res.end()
      return
    }
    res.write(payload.subarray(sent, sent + 1))
    sent++
  }, everyMs)
  res.once("close", () => clearInterval(timer))
}

function sendHuge(res: http.ServerResponse) {
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(HUGE_BODY_BYTES) })
  const block = Buffer.alloc(64 * 1024, "a")
  let sent = 0
  const pump = () => {
    while (sent < HUGE_BODY_BYTES) {
      if (res.destroyed) return
      const n = Math.min(block.length, HUGE_BODY_BYTES - sent)
      sent += n
      if (!res.write(n === block.length ? block : block.subarray(0, n))) {
        res.once("drain", pump)
        return
      }
    }
    res.end()
  }
  pump()
}

/** Small helper for fakes: digits only. */
export function digits(v: unknown): string {
  return String(v ?? "").replace(/\D+/g, "")
}

/** Add provider-specific members (getters/setters kept live) to a FakeServer. */
export function extendFake<R extends FakeServer>(server: FakeServer, extra: Omit<R, keyof FakeServer>): R {
  Object.defineProperties(server, Object.getOwnPropertyDescriptors(extra))
  return server as R
}
