import fc from "fast-check"
import {
  healthSignal,
  initialHealth,
  lowBalanceCrossing,
  recordFailure,
  recordProbe,
  recordSendResult,
  recordSuccess,
  shouldFailover,
  type HealthState,
} from "../health"
import type { SendResult } from "../../providers/types"

const t = (min: number) => new Date(Date.UTC(2025, 0, 20, 10, min))
const unavailable: SendResult = { id: "m", outcome: "retry", kind: "unavailable", code: "timeout", reason: "no answer" }
const auth: SendResult = {
  id: "m",
  outcome: "rejected",
  kind: "auth",
  code: "1",
  reason: "bad key",
  account_level: true,
}
const invalid: SendResult = {
  id: "m",
  outcome: "rejected",
  kind: "invalid_recipient",
  code: "21",
  reason: "bad number",
}
const ok: SendResult = { id: "m", outcome: "accepted", provider_message_id: "1" }

describe("health state machine", () => {
  it("goes down after threshold failures, once, with down_since at the first failure", () => {
    let s = initialHealth()
    const transitions: (string | null)[] = []
    for (let i = 0; i < 5; i++) {
      const u = recordFailure(s, `err ${i}`, t(i), { threshold: 3 })
      s = u.state
      transitions.push(u.transition)
    }
    expect(transitions).toEqual([null, null, "went_down", null, null])
    expect(s).toMatchObject({ status: "unhealthy", consecutive_failures: 5, last_error: "err 4", alerted_down: true })
    expect(s.down_since).toEqual(t(0))
    const r = recordSuccess(s, t(10))
    expect(r.transition).toBe("recovered")
    expect(r.state).toMatchObject({ status: "healthy", consecutive_failures: 0, down_since: null, alerted_down: false })
    expect(recordSuccess(r.state, t(11)).transition).toBeNull()
  })

  it("a success before the threshold resets the streak without transitions", () => {
    let s = recordFailure(initialHealth(), "e", t(0)).state
    s = recordFailure(s, "e", t(1)).state
    const u = recordSuccess(s, t(2))
    expect(u.transition).toBeNull()
    expect(recordFailure(u.state, "e", t(3)).state.consecutive_failures).toBe(1)
  })

  it("account-level failures take the account down at once", () => {
    const u = recordSendResult(initialHealth(), auth, t(0))
    expect(u.transition).toBe("went_down")
    expect(u.state.status).toBe("unhealthy")
  })

  it("per-message failures do not touch health", () => {
    const s = initialHealth()
    expect(recordSendResult(s, invalid, t(0))).toEqual({ state: s, transition: null })
  })

  it("probes drive recovery", () => {
    let s = recordSendResult(initialHealth(), auth, t(0)).state
    const failed = recordProbe(s, false, t(1), "still 401")
    expect(failed.transition).toBeNull()
    s = failed.state
    expect(s.last_error).toBe("still 401")
    expect(recordProbe(s, true, t(5)).transition).toBe("recovered")
  })

  it("property: exactly one went_down and at most one recovered per outage", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 60 }), fc.integer({ min: 1, max: 5 }), (events, threshold) => {
        let s: HealthState = initialHealth()
        let downs = 0
        let ups = 0
        let lastWasDown = false
        events.forEach((success, i) => {
          const u = success ? recordSuccess(s, t(i)) : recordFailure(s, "x", t(i), { threshold })
          if (u.transition === "went_down") {
            expect(lastWasDown).toBe(false)
            downs++
            lastWasDown = true
          }
          if (u.transition === "recovered") {
            expect(lastWasDown).toBe(true)
            ups++
            lastWasDown = false
          }
          s = u.state
        })
        expect(downs - ups).toBe(s.status === "unhealthy" ? 1 : 0)
      })
    )
  })
})

describe("shouldFailover", () => {
  it("account-level → yes; per-message → no; temporary only after the threshold", () => {
    expect(shouldFailover(auth)).toBe(true)
    expect(
      shouldFailover({
        id: "m",
        outcome: "rejected",
        kind: "insufficient_funds",
        code: "8",
        reason: "money",
        account_level: true,
      })
    ).toBe(true)
    for (const kind of ["invalid_recipient", "opted_out", "bad_sender", "bad_request", "duplicate"] as const) {
      expect(shouldFailover({ id: "m", outcome: "rejected", kind, code: "x", reason: "y" })).toBe(false)
    }
    expect(shouldFailover(ok)).toBe(false)
    expect(shouldFailover(unavailable)).toBe(false)
    expect(shouldFailover(unavailable, { status: "healthy", consecutive_failures: 2 })).toBe(false)
    expect(shouldFailover(unavailable, { status: "healthy", consecutive_failures: 3 })).toBe(true)
    expect(shouldFailover(unavailable, { status: "unhealthy", consecutive_failures: 0 })).toBe(true)
    expect(
      shouldFailover({ ...unavailable, kind: "rate_limited" } as SendResult, {
        status: "unhealthy",
        consecutive_failures: 9,
      })
    ).toBe(true)
  })

  it("a send that may have been accepted stays on its account", () => {
    expect(
      shouldFailover({ ...unavailable, maybe_accepted: true } as SendResult, {
        status: "unhealthy",
        consecutive_failures: 9,
      })
    ).toBe(false)
  })
})

describe("lowBalanceCrossing", () => {
  it("fires once per crossing", () => {
    expect(lowBalanceCrossing(20, 9, 10)).toBe("below")
    expect(lowBalanceCrossing(9, 5, 10)).toBeNull()
    expect(lowBalanceCrossing(5, 10, 10)).toBe("above")
    expect(lowBalanceCrossing(10, 10, 10)).toBeNull()
    expect(lowBalanceCrossing(null, 3, 10)).toBe("below")
    expect(lowBalanceCrossing(null, 30, 10)).toBeNull()
    expect(lowBalanceCrossing(20, -1, null)).toBeNull()
    expect(lowBalanceCrossing(-0.5, -0.28, 0)).toBeNull()
  })

  it("property: alerts alternate below/above along any balance series", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: -10, max: 10 }),
        (series, threshold) => {
          let prev: number | null = null
          let last: string | null = null
          for (const v of series) {
            const c = lowBalanceCrossing(prev, v, threshold)
            if (c) {
              expect(c).not.toBe(last)
              last = c
            }
            prev = v
          }
          expect(last === "below").toBe(series[series.length - 1] < threshold)
        }
      )
    )
  })
})

describe("healthSignal", () => {
  it("a request stopped by our own claim running out says nothing about the account; a timeout does", () => {
    expect(
      healthSignal({ id: "m", outcome: "retry", kind: "unavailable", code: "not_sent", reason: "claim ran out" })
    ).toBeNull()
    expect(
      healthSignal({
        id: "m",
        outcome: "retry",
        kind: "unavailable",
        code: "aborted",
        reason: "claim ran out",
        maybe_accepted: true,
      })
    ).toBeNull()
    expect(healthSignal(unavailable)).toBe("failure")
    expect(healthSignal(ok)).toBe("success")
  })
})
