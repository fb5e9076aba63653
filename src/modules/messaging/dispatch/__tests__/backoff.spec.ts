import fc from "fast-check"
import { isRetryable, nextRetryDelayMs, retryDelayForResult } from "../backoff"
import type { SendResult } from "../../providers/types"

describe("nextRetryDelayMs", () => {
  it("grows exponentially from baseMs and stops at maxMs (no jitter)", () => {
    const d = (a: number) => nextRetryDelayMs(a, { jitter: "none" })
    expect([1, 2, 3, 4].map(d)).toEqual([30_000, 60_000, 120_000, 240_000])
    expect(d(8)).toBe(3_600_000)
    expect(d(1000)).toBe(3_600_000)
    expect(d(0)).toBe(30_000)
  })

  it("full jitter spans [minMs, exp] using the injected random", () => {
    expect(nextRetryDelayMs(3, { random: () => 0 })).toBe(1000)
    expect(nextRetryDelayMs(3, { random: () => 0.5 })).toBe(Math.round(1000 + 0.5 * (120_000 - 1000)))
    expect(nextRetryDelayMs(3, { random: () => 0.9999999999 })).toBeLessThanOrEqual(120_000)
  })

  it("equal jitter keeps at least half the exponential delay", () => {
    expect(nextRetryDelayMs(2, { jitter: "equal", random: () => 0 })).toBe(30_000)
    expect(nextRetryDelayMs(2, { jitter: "equal", random: () => 0.5 })).toBe(45_000)
  })

  it("decorrelated jitter draws between base and 3× the previous delay, capped", () => {
    expect(nextRetryDelayMs(5, { jitter: "decorrelated", previousDelayMs: 100_000, random: () => 0 })).toBe(30_000)
    expect(nextRetryDelayMs(5, { jitter: "decorrelated", previousDelayMs: 100_000, random: () => 0.5 })).toBe(165_000)
    expect(
      nextRetryDelayMs(5, { jitter: "decorrelated", previousDelayMs: 5_000_000, random: () => 0.9 })
    ).toBeLessThanOrEqual(3_600_000)
  })

  it("property: always within [minMs, maxMs] for every jitter mode", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 200 }),
        fc.constantFrom("none", "full", "equal", "decorrelated" as const),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 100_000 }),
        (attempt, jitter, r, base) => {
          const max = base * 50
          const v = nextRetryDelayMs(attempt, {
            baseMs: base,
            maxMs: max,
            jitter: jitter as any,
            random: () => r,
            previousDelayMs: base * 7,
          })
          expect(Number.isFinite(v)).toBe(true)
          expect(v).toBeLessThanOrEqual(max)
          expect(v).toBeGreaterThanOrEqual(Math.min(1000, base))
        }
      )
    )
  })
})

describe("isRetryable / retryDelayForResult", () => {
  const retry: SendResult = {
    id: "m",
    outcome: "retry",
    kind: "rate_limited",
    code: "429",
    reason: "slow down",
    retry_after_ms: 500_000,
  }
  const rejected: SendResult = { id: "m", outcome: "rejected", kind: "invalid_recipient", code: "21", reason: "bad" }
  const accepted: SendResult = { id: "m", outcome: "accepted", provider_message_id: "1" }

  it("retry results are retryable, permanent ones and accepted are not", () => {
    expect(isRetryable(retry)).toBe(true)
    expect(isRetryable(rejected)).toBe(false)
    expect(isRetryable(accepted)).toBe(false)
    expect(isRetryable({ id: "m", outcome: "rejected", kind: "unavailable", code: "x", reason: "y" })).toBe(true)
    expect(
      isRetryable({ id: "m", outcome: "rejected", kind: "auth", code: "1", reason: "key", account_level: true })
    ).toBe(false)
  })

  it("honours a longer retry_after", () => {
    expect(retryDelayForResult(retry, 1, { jitter: "none" })).toBe(500_000)
    expect(retryDelayForResult({ ...retry, retry_after_ms: 10 } as SendResult, 1, { jitter: "none" })).toBe(30_000)
  })
})
