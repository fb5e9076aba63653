/**
 * Where provider requests may go (plugin option `allowed_hosts`).
 *
 *  - an HTTP account may reach its provider's public API host (api.bsg.world, …) and
 *    the hosts listed in `allowed_hosts`; an SMTP account any host, since the shop picks
 *    its own relay,
 *  - whatever the name, every address it resolves to must be public: private, loopback,
 *    link-local, CGNAT, multicast and reserved addresses (cloud metadata endpoints sit at
 *    169.254.169.254) are refused unless the address, its range or the exact host name
 *    is listed,
 *  - the check runs on the addresses the connection then uses (`guardedLookup` is the
 *    socket's DNS lookup), so a name cannot resolve to a public address for the check
 *    and to a private one for the connection (DNS rebinding).
 *
 * Which hosts each provider type may reach by default is on its class (account-hosts.ts).
 *
 * `allowed_hosts` entries: a host name (`sms.example.com`), a wildcard (`*.example.com`,
 * sub-domains only), an IP address (`127.0.0.1`, `::1`) or a CIDR range (`10.0.0.0/8`).
 */
import dns from "node:dns"
import net from "node:net"

export interface HostPolicy {
  /** `allowed_hosts` entries. */
  allowed: readonly string[]
  /** The provider's public API hosts: allowed by name, their addresses must be public. */
  defaults: readonly string[]
  /** Any name whose addresses are all public (SMTP relays). */
  anyPublicHost?: boolean
}

export class HostNotAllowedError extends Error {
  readonly code = "host_not_allowed"
  constructor(
    readonly host: string,
    detail: string
  ) {
    super(`host ${host} is not allowed: ${detail} (plugin option allowed_hosts)`)
    this.name = "HostNotAllowedError"
  }
}

/** Addresses no request goes to unless listed. */
const SPECIAL = new net.BlockList()
for (const [range, bits] of [
  ["0.0.0.0", 8], // "this network"; 0.0.0.0 reaches the local host
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  SPECIAL.addSubnet(range, bits, "ipv4")
}
for (const [range, bits] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96], // NAT64: embeds an IPv4 address
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const) {
  SPECIAL.addSubnet(range, bits, "ipv6")
}

/** Is this IP address private, loopback, link-local or otherwise not on the public internet? */
export function isSpecialAddress(address: string): boolean {
  const family = net.isIP(address)
  if (!family) return true
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) is checked against the IPv4 ranges by BlockList
  return SPECIAL.check(address, family === 4 ? "ipv4" : "ipv6")
}

interface ParsedEntry {
  name?: string
  wildcard?: string
  ips?: net.BlockList
}

function parseEntry(entry: string): ParsedEntry | null {
  const e = unbracket(entry.trim().toLowerCase().replace(/\.$/, ""))
  if (!e) return null
  const cidr = /^(.+)\/(\d{1,3})$/.exec(e)
  if (cidr && net.isIP(cidr[1])) {
    const family = net.isIP(cidr[1]) === 4 ? "ipv4" : "ipv6"
    const bits = Number(cidr[2])
    if (bits > (family === "ipv4" ? 32 : 128)) return null
    const ips = new net.BlockList()
    ips.addSubnet(cidr[1], bits, family)
    return { ips }
  }
  if (net.isIP(e)) {
    const ips = new net.BlockList()
    ips.addAddress(e, net.isIP(e) === 4 ? "ipv4" : "ipv6")
    return { ips }
  }
  if (e.startsWith("*.")) return { wildcard: e.slice(1) }
  return { name: e }
}

const HOST_NAME = /^(\*\.)?[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/i

/** Why an `allowed_hosts` entry cannot be used, or null when it can. */
export function allowedHostEntryProblem(entry: string): string | null {
  const e = unbracket(entry.trim().replace(/\.$/, ""))
  if (/\/\d{1,3}$/.test(e)) return parseEntry(e)?.ips ? null : "is not a valid CIDR range (e.g. 10.0.0.0/8)"
  if (net.isIP(e) || HOST_NAME.test(e)) return null
  return "expected a host name, *.domain, an IP address or a CIDR range (no scheme, port or path)"
}

function unbracket(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host
}

function nameListed(host: string, entries: readonly ParsedEntry[]): boolean {
  return entries.some(
    (e) => e.name === host || (e.wildcard !== undefined && host.endsWith(e.wildcard) && host.length > e.wildcard.length)
  )
}

function addressListed(address: string, entries: readonly ParsedEntry[]): boolean {
  const family = net.isIP(address) === 4 ? "ipv4" : "ipv6"
  return entries.some((e) => e.ips?.check(address, family))
}

function parsedEntries(policy: HostPolicy): ParsedEntry[] {
  return policy.allowed.map(parseEntry).filter((e): e is ParsedEntry => e !== null)
}

/**
 * The name check alone (no DNS): may this host be connected to at all? An IP address
 * is checked as the address it is. Throws HostNotAllowedError.
 */
export function assertHostNameAllowed(hostname: string, policy: HostPolicy): void {
  const host = unbracket(hostname.trim().toLowerCase().replace(/\.$/, ""))
  const entries = parsedEntries(policy)
  if (net.isIP(host)) {
    if (addressListed(host, entries)) return
    if (isSpecialAddress(host)) throw new HostNotAllowedError(host, "a private, loopback or link-local address")
    if (policy.anyPublicHost) return
    throw new HostNotAllowedError(host, "not the provider's API host and not listed")
  }
  if (nameListed(host, entries) || policy.defaults.includes(host) || policy.anyPublicHost) return
  throw new HostNotAllowedError(host, "not the provider's API host and not listed")
}

export interface ResolvedAddress {
  address: string
  family: number
}

export type LookupAll = (hostname: string) => Promise<ResolvedAddress[]>

const systemLookup: LookupAll = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true })

/**
 * Check the name, resolve it and check every address it resolves to. Returns the
 * addresses (connect to these, not to a second resolution). Throws HostNotAllowedError.
 */
export async function resolveAllowedHost(
  hostname: string,
  policy: HostPolicy,
  lookup: LookupAll = systemLookup
): Promise<ResolvedAddress[]> {
  const host = unbracket(hostname.trim().toLowerCase().replace(/\.$/, ""))
  assertHostNameAllowed(host, policy)
  if (net.isIP(host)) return [{ address: host, family: net.isIP(host) }]
  const entries = parsedEntries(policy)
  // an exact name in allowed_hosts is the shop's own statement about it (an internal relay)
  const trustedName = entries.some((e) => e.name === host)
  const addresses = await lookup(host)
  if (!addresses.length) throw Object.assign(new Error(`cannot resolve ${host}`), { code: "ENOTFOUND" })
  for (const a of addresses) {
    if (!trustedName && isSpecialAddress(a.address) && !addressListed(a.address, entries)) {
      throw new HostNotAllowedError(host, `it resolves to ${a.address}, a private, loopback or link-local address`)
    }
  }
  return addresses
}

/** `await assertAllowedHost(url, policy)` before a request; no policy = no check (unit tests of adapters). */
export async function assertAllowedHost(
  url: string,
  policy: HostPolicy | undefined,
  lookup?: LookupAll
): Promise<void> {
  if (!policy) return
  let hostname: string
  try {
    hostname = url.includes("://") ? new URL(url).hostname : url
  } catch {
    throw new HostNotAllowedError(url, "not a URL")
  }
  await resolveAllowedHost(hostname, policy, lookup)
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | ResolvedAddress[], family?: number) => void

/**
 * A `lookup` for sockets (http.Agent, net.connect): resolves through the policy, so the
 * connection goes to an address that passed the check. Undefined without a policy.
 */
export function guardedLookup(policy: HostPolicy | undefined, lookup?: LookupAll): net.LookupFunction | undefined {
  if (!policy) return undefined
  return ((hostname: string, options: dns.LookupOptions | number | LookupCallback, callback?: LookupCallback) => {
    const cb = (typeof options === "function" ? options : callback) as LookupCallback
    const opts: dns.LookupOptions = typeof options === "object" && options ? options : {}
    resolveAllowedHost(hostname, policy, lookup).then(
      (addresses) => {
        const usable = opts.family ? addresses.filter((a) => a.family === opts.family) : addresses
        if (!usable.length)
          return cb(
            Object.assign(new Error(`no IPv${opts.family} address for ${hostname}`), { code: "ENOTFOUND" }),
            "",
            0
          )
        if (opts.all) cb(null, usable)
        else cb(null, usable[0].address, usable[0].family)
      },
      (err) => cb(err as NodeJS.ErrnoException, "", 0)
    )
  }) as unknown as net.LookupFunction
}

type SmtpSocketCallback = (err: Error | null, socketOptions?: { connection: net.Socket }) => void

/**
 * nodemailer's `getSocket`: the SMTP connection is opened here, to an address that
 * passed the policy (nodemailer then speaks SMTP and TLS over it, checking the
 * certificate against the host name). Undefined without a policy.
 */
export function guardedSmtpSocket(policy: HostPolicy | undefined, timeoutMs: number, lookup?: LookupAll) {
  if (!policy) return undefined
  return (options: { host?: string; port?: number }, callback: SmtpSocketCallback): void => {
    const host = String(options.host ?? "")
    resolveAllowedHost(host, policy, lookup).then(
      (addresses) => {
        const socket = net.connect({ host: addresses[0].address, port: Number(options.port) })
        let settled = false
        const settle = (err: Error | null) => {
          if (settled) return
          settled = true
          clearTimeout(timer)
          if (err) {
            socket.destroy()
            callback(err)
          } else callback(null, { connection: socket })
        }
        const timer = setTimeout(
          () =>
            settle(
              Object.assign(new Error(`could not connect to ${host} within ${timeoutMs} ms`), { code: "ETIMEDOUT" })
            ),
          timeoutMs
        )
        socket.once("connect", () => settle(null))
        // after the connect, nodemailer's own handlers take the socket's errors
        socket.on("error", (err: NodeJS.ErrnoException) =>
          settle(Object.assign(err, { code: err.code === "ECONNREFUSED" ? "ECONNREFUSED" : "ECONNECTION" }))
        )
      },
      (err) => callback(err as Error)
    )
  }
}
