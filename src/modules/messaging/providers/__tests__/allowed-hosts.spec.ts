import http from "node:http"
import net, { type AddressInfo } from "node:net"
import {
  HostNotAllowedError,
  allowedHostEntryProblem,
  assertHostNameAllowed,
  guardedLookup,
  isSpecialAddress,
  resolveAllowedHost,
  type LookupAll,
} from "../allowed-hosts"
import { accountHostProblems, hostPolicyFor } from "../account-hosts"
import { HttpClient } from "../http"
import type { ExchangeEntry } from "../hooks"
import { SmtpProvider } from "../smtp"
import { ProviderRequestError } from "../errors"
import { parsePluginOptions, InvalidOptionsError } from "../../options"
import { startSmtpSink, type SmtpSink } from "../../../../../test/fakes/smtp-sink"

const fixedLookup =
  (table: Record<string, string[]>): LookupAll =>
  async (host) =>
    (table[host] ?? []).map((address) => ({ address, family: net.isIP(address) }))

/** A server that counts what reaches it and answers like a cloud metadata endpoint. */
function metadataServer() {
  const hits: string[] = []
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)}`)
    res
      .writeHead(200, { "Content-Type": "application/json" })
      .end(JSON.stringify({ AccessKeyId: "ASIA-METADATA-SECRET" }))
  })
  return new Promise<{ port: number; hits: string[]; close: () => Promise<void> }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        hits,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections()
            server.close(() => r())
          }),
      })
    )
  )
}

describe("isSpecialAddress", () => {
  it.each([
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "127.0.0.1",
    "127.8.8.8",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "::1",
    "::",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "224.0.0.1",
    "not an ip",
  ])("%s is not a public address", (a) => expect(isSpecialAddress(a)).toBe(true))

  it.each(["8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])("%s is public", (a) =>
    expect(isSpecialAddress(a)).toBe(false)
  )
})

describe("host policy by name", () => {
  const bsg = hostPolicyFor("bsg")
  it("an HTTP account reaches its provider's API host, nothing else unless listed", () => {
    expect(() => assertHostNameAllowed("api.bsg.world", bsg)).not.toThrow()
    expect(() => assertHostNameAllowed("API.BSG.WORLD.", bsg)).not.toThrow()
    expect(() => assertHostNameAllowed("attacker.example", bsg)).toThrow(HostNotAllowedError)
    expect(() => assertHostNameAllowed("api.turbosms.ua", bsg)).toThrow(/not the provider's API host/)
    expect(() => assertHostNameAllowed("8.8.8.8", bsg)).toThrow(HostNotAllowedError)
  })

  it("private, loopback and link-local IPs are refused unless the address or its range is listed", () => {
    for (const ip of ["127.0.0.1", "169.254.169.254", "10.0.0.5", "[::1]"]) {
      expect(() => assertHostNameAllowed(ip, bsg)).toThrow(/private, loopback or link-local/)
    }
    const listed = hostPolicyFor("bsg", ["127.0.0.1", "10.0.0.0/8", "::1"])
    expect(() => assertHostNameAllowed("127.0.0.1", listed)).not.toThrow()
    expect(() => assertHostNameAllowed("10.9.9.9", listed)).not.toThrow()
    expect(() => assertHostNameAllowed("[::1]", listed)).not.toThrow()
    expect(() => assertHostNameAllowed("127.0.0.2", listed)).toThrow(HostNotAllowedError)
    expect(() => assertHostNameAllowed("169.254.169.254", listed)).toThrow(HostNotAllowedError)
  })

  it("listed names and *.wildcards (sub-domains only)", () => {
    const policy = hostPolicyFor("turbosms", ["sms.example.com", "*.gw.example.net"])
    expect(() => assertHostNameAllowed("sms.example.com", policy)).not.toThrow()
    expect(() => assertHostNameAllowed("eu.gw.example.net", policy)).not.toThrow()
    expect(() => assertHostNameAllowed("gw.example.net", policy)).toThrow(HostNotAllowedError)
    expect(() => assertHostNameAllowed("evilgw.example.net", policy)).toThrow(HostNotAllowedError)
  })

  it("an SMTP account may use any public relay, never a private address unless listed", () => {
    const smtp = hostPolicyFor("smtp")
    expect(() => assertHostNameAllowed("smtp.mailgun.org", smtp)).not.toThrow()
    expect(() => assertHostNameAllowed("8.8.8.8", smtp)).not.toThrow()
    expect(() => assertHostNameAllowed("127.0.0.1", smtp)).toThrow(HostNotAllowedError)
    expect(() => assertHostNameAllowed("127.0.0.1", hostPolicyFor("smtp", ["127.0.0.1"]))).not.toThrow()
  })

  it("checks allowed_hosts entries", () => {
    for (const ok of [
      "127.0.0.1",
      "::1",
      "[::1]",
      "10.0.0.0/8",
      "fd00::/8",
      "sms.example.com",
      "*.example.com",
      "localhost",
    ]) {
      expect([ok, allowedHostEntryProblem(ok)]).toEqual([ok, null])
    }
    for (const bad of [
      "",
      "http://sms.example.com",
      "sms.example.com:8080",
      "sms.example.com/path",
      "10.0.0.0/33",
      "a b",
    ]) {
      expect(allowedHostEntryProblem(bad)).not.toBeNull()
    }
  })
})

describe("host policy after DNS resolution", () => {
  it("refuses a provider's name that resolves to a private or metadata address", async () => {
    const lookup = fixedLookup({ "api.bsg.world": ["169.254.169.254"] })
    await expect(resolveAllowedHost("api.bsg.world", hostPolicyFor("bsg"), lookup)).rejects.toThrow(
      /resolves to 169.254.169.254/
    )
  })

  it("refuses when any one of the addresses is private", async () => {
    const lookup = fixedLookup({ "relay.example.com": ["93.184.216.34", "10.0.0.7"] })
    await expect(resolveAllowedHost("relay.example.com", hostPolicyFor("smtp"), lookup)).rejects.toThrow(
      HostNotAllowedError
    )
  })

  it("a wildcard does not vouch for private addresses; an exact name or the address does", async () => {
    const lookup = fixedLookup({ "gw.example.net": ["10.0.0.7"], "a.example.net": ["10.0.0.8"] })
    await expect(resolveAllowedHost("a.example.net", hostPolicyFor("bsg", ["*.example.net"]), lookup)).rejects.toThrow(
      HostNotAllowedError
    )
    await expect(
      resolveAllowedHost("gw.example.net", hostPolicyFor("bsg", ["gw.example.net"]), lookup)
    ).resolves.toEqual([{ address: "10.0.0.7", family: 4 }])
    await expect(
      resolveAllowedHost("a.example.net", hostPolicyFor("bsg", ["*.example.net", "10.0.0.0/24"]), lookup)
    ).resolves.toHaveLength(1)
  })

  it("the socket connects to the address that was checked (no second resolution to rebind)", async () => {
    const srv = await metadataServer()
    let calls = 0
    // first answer public, every later one loopback: a rebinding resolver
    const rebinding: LookupAll = async () => [{ address: calls++ === 0 ? "93.184.216.34" : "127.0.0.1", family: 4 }]
    const policy = hostPolicyFor("bsg", ["*.example.com"])
    try {
      await expect(resolveAllowedHost("sms.example.com", policy, rebinding)).resolves.toHaveLength(1)
      const err = await new Promise<Error>((resolve) => {
        const req = http.get(
          {
            host: "sms.example.com",
            port: srv.port,
            path: "/latest/meta-data",
            lookup: guardedLookup(policy, rebinding),
          },
          () => resolve(new Error("connected"))
        )
        req.on("error", resolve)
      })
      expect(err).toBeInstanceOf(HostNotAllowedError)
      expect(srv.hits).toEqual([])

      // an exact name in allowed_hosts may point at a private address: the socket uses the checked one
      const trusted = hostPolicyFor("bsg", ["sms.internal"])
      const status = await new Promise<number>((resolve, reject) => {
        http
          .get(
            {
              host: "sms.internal",
              port: srv.port,
              path: "/ok",
              lookup: guardedLookup(trusted, fixedLookup({ "sms.internal": ["127.0.0.1"] })),
            },
            (res) => {
              res.resume()
              resolve(res.statusCode ?? 0)
            }
          )
          .on("error", reject)
      })
      expect(status).toBe(200)
      expect(srv.hits).toHaveLength(1)
    } finally {
      await srv.close()
    }
  })
})

describe("HttpClient under a host policy", () => {
  const SECRET = "live_SECRETbsgKEY_0123456789"

  it("never sends the request to a refused host, and logs no response for it", async () => {
    const srv = await metadataServer()
    const entries: ExchangeEntry[] = []
    const client = new HttpClient({
      provider: "bsg",
      baseUrl: `http://127.0.0.1:${srv.port}`,
      timeoutMs: 2000,
      headers: { "X-API-KEY": SECRET },
      secrets: [SECRET],
      hooks: { onExchange: (e) => entries.push(e), hostPolicy: hostPolicyFor("bsg") },
    })
    try {
      const res = await client.request({ operation: "balance", method: "GET", path: "/latest/meta-data/iam" })
      expect(res).toMatchObject({
        ok: false,
        failure: { kind: "unavailable", code: "host_not_allowed", maybe_accepted: false },
      })
      expect(srv.hits).toEqual([])
      expect(entries).toHaveLength(1)
      expect(entries[0]).toMatchObject({
        status: null,
        response_summary: null,
        error: expect.stringMatching(/not allowed/),
      })
      expect(JSON.stringify(entries)).not.toContain("ASIA-METADATA-SECRET")
    } finally {
      client.close()
      await srv.close()
    }
  })

  it("sends to a listed host", async () => {
    const srv = await metadataServer()
    const client = new HttpClient({
      provider: "bsg",
      baseUrl: `http://127.0.0.1:${srv.port}`,
      timeoutMs: 2000,
      secrets: [],
      hooks: { hostPolicy: hostPolicyFor("bsg", ["127.0.0.1"]) },
    })
    try {
      const res = await client.request({ operation: "balance", method: "GET", path: "/x" })
      expect(res).toMatchObject({ ok: true, status: 200 })
      expect(srv.hits).toHaveLength(1)
    } finally {
      client.close()
      await srv.close()
    }
  })
})

describe("SMTP under a host policy", () => {
  let sink: SmtpSink
  beforeAll(async () => {
    sink = await startSmtpSink({ user: "mailer", password: "smtp-Pa55word-very-secret" })
  })
  afterAll(() => sink.close())

  const make = (allowed: string[]) =>
    new SmtpProvider(
      {
        host: "127.0.0.1",
        port: sink.port,
        secure: false,
        user: "mailer",
        password: "smtp-Pa55word-very-secret",
        from: "shop@example.com",
        pool: true,
        timeout_ms: 2000,
      },
      { hostPolicy: hostPolicyFor("smtp", allowed) }
    )

  it("refuses a private relay that is not listed: no connection, no password sent", async () => {
    sink.reset()
    const provider = make([])
    try {
      const err = await provider.probe().catch((e) => e)
      expect(err).toBeInstanceOf(ProviderRequestError)
      expect(String(err.message)).toMatch(/not allowed/)
      const [sent] = await provider.send([{ id: "msg_1", channel: "email", to: "a@example.com", text: "hi" }])
      expect(sent).toMatchObject({ outcome: "retry", code: "host_not_allowed" })
      expect(sink.mails).toHaveLength(0)
      expect(sink.authFailures).toBe(0)
    } finally {
      await provider.close()
    }
  })

  it("connects to a listed relay through the checked socket", async () => {
    sink.reset()
    const provider = make(["127.0.0.1"])
    try {
      await provider.probe()
      const [sent] = await provider.send([{ id: "msg_2", channel: "email", to: "b@example.com", text: "hello" }])
      expect(sent).toMatchObject({ outcome: "accepted" })
      expect(sink.mails.map((m) => m.envelope.to)).toEqual([["b@example.com"]])
    } finally {
      await provider.close()
    }
  })
})

describe("allowed_hosts option", () => {
  const account = (extra: Record<string, unknown>) => ({
    key: "a",
    type: "bsg",
    credentials: { api_key: "k" },
    ...extra,
  })

  it("an account whose base_url is a private address stops start-up unless listed", () => {
    const err = (() => {
      try {
        parsePluginOptions({ accounts: [account({ base_url: "http://127.0.0.1:9000/rest" })] })
      } catch (e) {
        return e as InvalidOptionsError
      }
    })()
    expect(err).toBeInstanceOf(InvalidOptionsError)
    expect(err!.problems.join("\n")).toMatch(/accounts\[0\]\.base_url: host 127\.0\.0\.1 is not allowed/)
    expect(
      parsePluginOptions({
        accounts: [account({ base_url: "http://127.0.0.1:9000/rest" })],
        allowed_hosts: ["127.0.0.1"],
      }).allowed_hosts
    ).toEqual(["127.0.0.1"])
  })

  it("names an SMTP host and a bad entry", () => {
    expect(() =>
      parsePluginOptions({
        accounts: [{ key: "m", type: "smtp", config: { host: "10.0.0.2", port: 25, from: "a@b.co" } }],
      })
    ).toThrow(/accounts\[0\]\.config\.host/)
    expect(() => parsePluginOptions({ allowed_hosts: ["https://sms.example.com"] })).toThrow(/allowed_hosts\[0\]/)
  })

  it("accountHostProblems accepts the providers' own hosts", () => {
    expect(
      accountHostProblems(
        [
          { type: "turbosms", base_url: "https://api.turbosms.ua" },
          { type: "smtp", config: { host: "smtp.example.com" } },
        ],
        []
      )
    ).toEqual([])
  })
})
