/**
 * The adapter contract every HTTP provider keeps, run against each provider's fake
 * server: a transport failure (no answer, a 500, a broken or huge body, a refused
 * connection) is a temporary "unavailable" retry with a code naming it, never a crash,
 * a success or a secret in the result; an answer lost after the request was written
 * is maybe_accepted. Provider-specific behaviour lives in <provider>.spec.ts.
 *
 * Deadlines: ordinary requests get a generous one (a busy machine must not turn them
 * into timeouts); only the modes where the fake deliberately hangs use a short one.
 */
import { createProvider, PROVIDER_TYPES, type ProbingProvider, type ProviderType } from "../registry"
import { ProviderRequestError } from "../errors"
import type { OutboundMessage } from "../types"
import type { FakeMode, FakeServer } from "../../../../../test/fakes/http-fake"
import { startFakeBsg } from "../../../../../test/fakes/bsg"
import { startFakeTurboSms } from "../../../../../test/fakes/turbosms"
import { startFakeTwilio } from "../../../../../test/fakes/twilio"
import { startFakeTelegram } from "../../../../../test/fakes/telegram"

const GENEROUS_MS = 5000
const HANGING_MS = 300

interface ContractEntry {
  type: ProviderType
  start(): Promise<FakeServer>
  /** The account config (credentials included) pointing at the fake. */
  config(fakeUrl: string): Record<string, unknown>
  /** The secrets that must never show in a result or error. */
  secrets: string[]
  /** Two messages the provider would accept when the fake answers normally. */
  messages: OutboundMessage[]
}

const SECRETS = {
  bsg: "live_contractbsgkey0123456789",
  turbosms: "turbo-contract-token-0123456789",
  twilio: "contract-twilio-auth-token-0123",
  telegram: "987654321:AAContractTelegramToken_abcdefgh",
}
const TWILIO_SID = "AC00000000000000000000000000000009"
const sms = (prefix: string, to: (n: number) => string): OutboundMessage[] =>
  [1, 2].map((n) => ({ id: `msg_${prefix}${n}`, channel: "sms", to: to(n), text: "Your order has shipped" }))

/** One entry per HTTP provider: adding a provider adds its entry here. */
const ENTRIES: ContractEntry[] = [
  {
    type: "bsg",
    start: () => startFakeBsg({ apiKey: SECRETS.bsg, originators: ["MyShop"] }),
    config: (url) => ({ api_key: SECRETS.bsg, base_url: url, sender: "MyShop" }),
    secrets: [SECRETS.bsg],
    messages: sms("CB", (n) => `+38097300000${n}`),
  },
  {
    type: "turbosms",
    start: () => startFakeTurboSms({ token: SECRETS.turbosms, senders: ["MyShop"] }),
    config: (url) => ({ token: SECRETS.turbosms, base_url: url, sender: "MyShop" }),
    secrets: [SECRETS.turbosms],
    messages: sms("CT", (n) => `+38067300000${n}`),
  },
  {
    type: "twilio",
    start: () => startFakeTwilio({ accountSid: TWILIO_SID, authToken: SECRETS.twilio, fromNumbers: ["+15005550006"] }),
    config: (url) => ({ account_sid: TWILIO_SID, auth_token: SECRETS.twilio, from: "+15005550006", base_url: url }),
    secrets: [SECRETS.twilio],
    messages: sms("CW", (n) => `+1415555000${n}`),
  },
  {
    type: "telegram",
    start: () => startFakeTelegram({ botToken: SECRETS.telegram }),
    config: (url) => ({ bot_token: SECRETS.telegram, base_url: url }),
    secrets: [SECRETS.telegram],
    messages: [1, 2].map((n) => ({
      id: `msg_CG${n}`,
      channel: "telegram",
      to: `-100123456789${n}`,
      text: "New order",
    })),
  },
]

/** Provider types that do not speak HTTP, and where their transport is tested instead. */
const NOT_HTTP: Partial<Record<ProviderType, string>> = { smtp: "smtp.spec.ts (SMTP sink)", sandbox: "sends nothing" }

/** Failure mode → the code of the retry; hanging modes run with the short deadline. */
const FAILURES: { mode: FakeMode; code: string; hangs?: boolean; maybeAccepted?: boolean; reason?: RegExp }[] = [
  { mode: "timeout", code: "timeout", hangs: true },
  { mode: "accept_then_timeout", code: "timeout", hangs: true, maybeAccepted: true },
  { mode: "trickle", code: "timeout", hangs: true, maybeAccepted: true },
  { mode: "http500", code: "http_500" },
  { mode: "malformed", code: "malformed_response" },
  { mode: "html", code: "malformed_response", reason: /HTML/ },
  { mode: "empty", code: "malformed_response", reason: /empty/ },
  { mode: "huge", code: "response_too_large" },
  { mode: "down", code: "connection_refused" },
]

it("every provider type has a contract entry or says why it needs none", () => {
  const covered = [...ENTRIES.map((e) => e.type), ...Object.keys(NOT_HTTP)].sort()
  expect(covered).toEqual([...PROVIDER_TYPES].sort())
})

describe.each(ENTRIES.map((e) => [e.type, e] as const))("%s adapter contract", (_type, entry) => {
  let fake: FakeServer
  const providers: ProbingProvider[] = []
  const make = (timeoutMs: number) => {
    const p = createProvider(entry.type, { ...entry.config(fake.url), timeout_ms: timeoutMs })
    providers.push(p)
    return p
  }
  /** A read-only call: the balance where the provider has one, the health probe otherwise. */
  const read = (p: ProbingProvider) => (p.capabilities.balance ? p.balance() : p.probe())

  beforeAll(async () => {
    fake = await entry.start()
  })
  afterAll(async () => {
    await fake.close()
  })
  afterEach(async () => {
    await fake.setMode("ok")
    fake.reset()
    await Promise.all(providers.splice(0).map((p) => p.close?.()))
  })

  it("accepts both messages when the fake answers normally", async () => {
    const res = await make(GENEROUS_MS).send(entry.messages)
    expect(res.map((r) => [r.id, r.outcome])).toEqual(entry.messages.map((m) => [m.id, "accepted"]))
    await read(make(GENEROUS_MS)) // a failing read rejects and fails the test
  })

  it.each(FAILURES.map((f) => [f.mode, f] as const))("mode %s → retry unavailable, nothing leaked", async (mode, f) => {
    const provider = make(f.hangs ? HANGING_MS : GENEROUS_MS)
    await fake.setMode(mode)
    const res = await provider.send(entry.messages)
    expect(res.map((r) => r.id)).toEqual(entry.messages.map((m) => m.id))
    for (const r of res) {
      expect(r).toMatchObject({ outcome: "retry", kind: "unavailable", code: f.code })
      if (f.maybeAccepted) expect(r).toMatchObject({ maybe_accepted: true })
      expect((r as { reason: string }).reason).toMatch(f.reason ?? /.{6}/)
    }
    const error = await read(provider).then(
      () => null,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(ProviderRequestError)
    const seen = JSON.stringify([res, (error as Error).message])
    for (const secret of entry.secrets) expect(seen).not.toContain(secret)
  })
})
