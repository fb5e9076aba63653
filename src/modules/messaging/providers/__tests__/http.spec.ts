import http from "node:http"
import type { AddressInfo } from "node:net"
import { HttpClient } from "../http"
import { mapWithConcurrency } from "../concurrency"
import { retryAfterMs } from "../http-response"
import type { ExchangeEntry } from "../hooks"

/** A raw server whose behaviour each test sets. */
function rawServer(handler: http.RequestListener) {
  const server = http.createServer(handler)
  return new Promise<{ url: string; close: () => Promise<void> }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections()
            server.close(() => r())
          }),
      })
    )
  )
}

describe("HttpClient transport mapping", () => {
  const SECRET = "sk_live_0123456789abcdef"

  it("connection reset after the request was written → connection_reset, maybe_accepted", async () => {
    const srv = await rawServer((req) => req.on("end", () => req.socket.destroy()).resume())
    const client = new HttpClient({ provider: "bsg", baseUrl: srv.url, timeoutMs: 1000, secrets: [SECRET] })
    try {
      const res = await client.request({ operation: "send", method: "POST", path: "/x", json: { a: 1 } })
      expect(res).toMatchObject({
        ok: false,
        failure: { kind: "unavailable", code: "connection_reset", maybe_accepted: true },
      })
    } finally {
      client.close()
      await srv.close()
    }
  })

  it("a throwing onExchange hook does not break the request; summaries are masked", async () => {
    const srv = await rawServer((_req, res) =>
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ echo: SECRET }))
    )
    const entries: ExchangeEntry[] = []
    const client = new HttpClient({
      provider: "bsg",
      baseUrl: srv.url,
      timeoutMs: 1000,
      headers: { "X-API-KEY": SECRET },
      secrets: [SECRET],
      hooks: {
        onExchange: (e) => {
          entries.push(e)
          throw new Error("log store down")
        },
      },
    })
    try {
      const res = await client.request({
        operation: "send",
        method: "POST",
        path: `/path/${SECRET}`,
        json: { key: SECRET },
      })
      expect(res).toMatchObject({ ok: true, status: 200, json: { echo: SECRET } })
      expect(entries).toHaveLength(1)
      expect(entries[0]).toMatchObject({ provider: "bsg", operation: "send", method: "POST", status: 200 })
      expect(entries[0].duration_ms).toBeGreaterThanOrEqual(0)
      expect(JSON.stringify(entries)).not.toContain(SECRET)
    } finally {
      client.close()
      await srv.close()
    }
  })

  it("an answer trickled a byte at a time ends at the hard deadline → timeout, maybe_accepted", async () => {
    // Never silent for long (an idle timeout would never fire), done only after 5 minutes.
    let timer: NodeJS.Timeout | null = null
    const srv = await rawServer((req, res) => {
      req.resume().on("end", () => {
        res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "600" })
        let n = 0
        timer = setInterval(() => (n++ < 600 ? res.write(" ") : res.end()), 500)
        res.on("close", () => clearInterval(timer!))
      })
    })
    const client = new HttpClient({ provider: "twilio", baseUrl: srv.url, timeoutMs: 700, secrets: [SECRET] })
    try {
      const res = await client.request({ operation: "send", method: "POST", path: "/x", form: { To: "+380671234567" } })
      expect(res).toMatchObject({ ok: false, failure: { kind: "unavailable", code: "timeout", maybe_accepted: true } })
      expect((res as any).failure.reason).toMatch(/deadline/)
    } finally {
      if (timer) clearInterval(timer)
      client.close()
      await srv.close()
    }
  })

  it("an aborted signal: the request is not sent (not maybe_accepted); aborting mid-request → maybe_accepted", async () => {
    let received = 0
    const srv = await rawServer((req) => req.resume().on("end", () => received++)) // never answers
    const client = new HttpClient({ provider: "telegram", baseUrl: srv.url, timeoutMs: 60_000, secrets: [SECRET] })
    try {
      const gone = new AbortController()
      gone.abort()
      const first = await client.request({
        operation: "send",
        method: "POST",
        path: "/x",
        json: {},
        signal: gone.signal,
      })
      expect(first).toMatchObject({ ok: false, failure: { code: "not_sent", maybe_accepted: false } })
      expect(received).toBe(0)

      const later = new AbortController()
      const pending = client.request({ operation: "send", method: "POST", path: "/x", json: {}, signal: later.signal })
      while (received === 0) await new Promise((r) => setTimeout(r, 10))
      later.abort()
      expect(await pending).toMatchObject({ ok: false, failure: { code: "aborted", maybe_accepted: true } })
    } finally {
      client.close()
      await srv.close()
    }
  })

  it("retryAfterMs reads seconds and HTTP dates", () => {
    expect(retryAfterMs({ "retry-after": "5" })).toBe(5000)
    expect(retryAfterMs({ "retry-after": new Date(10_000).toUTCString() }, 4_000)).toBe(6000)
    expect(retryAfterMs({})).toBeNull()
  })

  it("mapWithConcurrency keeps order and the limit", async () => {
    let running = 0
    let peak = 0
    const out = await mapWithConcurrency([5, 1, 4, 2, 3], 2, async (n) => {
      running++
      peak = Math.max(peak, running)
      await new Promise((r) => setTimeout(r, n * 3))
      running--
      return n * 10
    })
    expect(out).toEqual([50, 10, 40, 20, 30])
    expect(peak).toBe(2)
  })
})
