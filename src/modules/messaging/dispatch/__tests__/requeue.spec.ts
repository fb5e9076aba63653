import type { MessageRow } from "../../repositories/messages"
import { holdUnknown, requeuer, retryOrFail, waitForLookup } from "../requeue"

const s = { maxAttempts: 3, retryBaseMs: 1000, maxRetryDelayMs: 60_000 }
const now = new Date("2026-01-05T12:00:00Z")
const claimedAt = new Date("2026-01-05T11:59:00Z")
const msg = (over: Partial<MessageRow> = {}) =>
  ({
    id: "msg_1",
    attempts: 1,
    critical: false,
    metadata: null,
    claimed_at: claimedAt,
    provider_type: "turbosms",
    ...over,
  }) as MessageRow

describe("retry policy (requeue.ts)", () => {
  it("queues a retry after the backoff delay while attempts remain", () => {
    const r = retryOrFail(msg(), "timeout", "timeout", s, now)
    expect(r).toMatchObject({
      id: "msg_1",
      status: "queued",
      error: "timeout",
      error_code: "timeout",
      maybe_accepted: false,
      claimed_at: claimedAt,
    })
    const delay = r.next_attempt_at!.getTime() - now.getTime()
    expect(delay).toBeGreaterThanOrEqual(500)
    expect(delay).toBeLessThanOrEqual(1000)
  })

  it("takes the given delay and maybe_accepted flag", () => {
    const r = retryOrFail(msg(), "busy", "429", s, now, 5000, true)
    expect(r.next_attempt_at).toEqual(new Date(now.getTime() + 5000))
    expect(r.maybe_accepted).toBe(true)
  })

  it("fails the message once maxAttempts is reached", () => {
    const r = retryOrFail(msg({ attempts: 3 }), "timeout", "timeout", s, now)
    expect(r).toMatchObject({ status: "failed", next_attempt_at: null, error: "timeout (gave up after 3 attempts)" })
  })

  it("waits for a lookup without counting the attempt", () => {
    const r = waitForLookup(msg(), "lookup down", s, now)
    expect(r).toMatchObject({
      status: "queued",
      error_code: "lookup_failed",
      maybe_accepted: true,
      refund_attempt: true,
    })
    expect(r.next_attempt_at!.getTime()).toBeGreaterThan(now.getTime())
  })

  it("holds an unknown outcome naming the provider", () => {
    const r = holdUnknown(msg(), "timed out")
    expect(r).toMatchObject({
      status: "unknown",
      next_attempt_at: null,
      error_code: "unknown_outcome",
      maybe_accepted: true,
    })
    expect(r.error).toMatch(/^timed out; not sent again: turbosms cannot be asked/)
  })

  it("requeuer binds settings and clock", () => {
    const q = requeuer(s, () => now)
    expect(q.now()).toBe(now)
    expect(q.retryOrFail(msg({ attempts: 3 }), "x", null).status).toBe("failed")
    expect(q.holdUnknown(msg(), "y").status).toBe("unknown")
    expect(q.waitForLookup(msg(), "z").error_code).toBe("lookup_failed")
  })
})
