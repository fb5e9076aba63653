import { ClaimLease } from "../lease"

describe("ClaimLease", () => {
  beforeEach(() => jest.useFakeTimers())
  afterEach(() => jest.useRealTimers())

  const make = (renew: (ids: string[]) => Promise<string[]>, leaseMs = 1000) =>
    new ClaimLease({ leaseMs, renew, now: () => Date.now() })

  it("renews the rows it holds every quarter lease while they are held, and stops once they are released", async () => {
    const renewed: string[][] = []
    const lease = make(async (ids) => (renewed.push(ids), ids))
    lease.hold(["a", "b"], lease.mark())
    await jest.advanceTimersByTimeAsync(2600)
    // held 2.6 leases long: renewed all along, never at risk
    expect(renewed.length).toBeGreaterThanOrEqual(9)
    expect(lease.signal.aborted).toBe(false)
    expect(lease.canStart(300)).toBe(true)
    lease.release(["a"])
    const before = renewed.length
    await jest.advanceTimersByTimeAsync(300)
    expect(renewed.slice(before).every((ids) => ids.join() === "b")).toBe(true)
    lease.release(["b"])
    const after = renewed.length
    await jest.advanceTimersByTimeAsync(5000)
    expect(renewed.length).toBe(after)
  })

  it("when renewals fail, aborts its signal a quarter lease before the lease can run out, and no request may start", async () => {
    const failures: Error[] = []
    const lease = new ClaimLease({
      leaseMs: 1000,
      now: () => Date.now(),
      renew: async () => Promise.reject(new Error("db down")),
      onRenewFailed: (e) => failures.push(e),
    })
    lease.hold(["a"], lease.mark())
    expect(lease.canStart(300)).toBe(true)
    // 1000 − 250 guard − 300 deadline: a request of 300 ms may not start after 450 ms
    await jest.advanceTimersByTimeAsync(500)
    expect(lease.canStart(300)).toBe(false)
    expect(lease.signal.aborted).toBe(false)
    await jest.advanceTimersByTimeAsync(260)
    expect(lease.signal.aborted).toBe(true)
    expect(failures).toHaveLength(1) // logged once
  })

  it("a row another worker took over (not returned by the renewal) is no longer held", async () => {
    const lease = make(async (ids) => ids.filter((id) => id !== "taken"))
    lease.hold(["mine", "taken"], lease.mark())
    await lease.renewNow()
    expect([...lease.held]).toEqual(["mine"])
  })

  it("stop() ends renewals (rows still held expire and are recovered)", async () => {
    let calls = 0
    const lease = make(async (ids) => (calls++, ids))
    lease.hold(["a"], lease.mark())
    lease.stop()
    await jest.advanceTimersByTimeAsync(5000)
    expect(calls).toBe(0)
  })
})
