import { Semaphore, TokenBucket } from "../rate-limit"

describe("TokenBucket", () => {
  let clock: number
  const bucket = (capacity: number, rate: number, sleeps: number[] = []) =>
    new TokenBucket({
      capacity,
      refillPerSecond: rate,
      now: () => clock,
      sleep: async (ms) => void (sleeps.push(ms), (clock += ms)),
    })
  beforeEach(() => {
    clock = 0
  })

  it("allows a burst up to capacity, then asks callers to wait", () => {
    const b = bucket(3, 1)
    expect([b.take(), b.take(), b.take()]).toEqual([0, 0, 0])
    expect(b.take()).toBe(1000)
    expect(b.take()).toBe(2000) // queued behind the previous reservation
  })

  it("refills over time, never above capacity", () => {
    const b = bucket(2, 4)
    b.take(2)
    clock += 250
    expect(b.available()).toBeCloseTo(1)
    clock += 10_000
    expect(b.available()).toBe(2)
  })

  it("tryTake does not reserve", () => {
    const b = bucket(1, 1)
    expect(b.tryTake()).toBe(true)
    expect(b.tryTake()).toBe(false)
    clock += 1000
    expect(b.tryTake()).toBe(true)
  })

  it("acquire waits the reserved time", async () => {
    const sleeps: number[] = []
    const b = bucket(2, 10, sleeps)
    await b.acquire()
    await b.acquire()
    await b.acquire()
    await b.acquire(2)
    expect(sleeps).toEqual([100, 200])
  })

  it("rejects impossible requests and bad settings", () => {
    expect(() => bucket(2, 1).take(3)).toThrow(RangeError)
    expect(() => new TokenBucket({ capacity: 0, refillPerSecond: 1 })).toThrow(RangeError)
    expect(() => new TokenBucket({ capacity: 1, refillPerSecond: 0 })).toThrow(RangeError)
  })

  it("paces real time with the default clock", async () => {
    const b = new TokenBucket({ capacity: 1, refillPerSecond: 20 })
    const start = Date.now()
    for (let i = 0; i < 4; i++) await b.acquire()
    expect(Date.now() - start).toBeGreaterThanOrEqual(140)
  })
})

describe("Semaphore", () => {
  const tick = () => new Promise((r) => setImmediate(r))

  it("never lets more than `limit` run at once and serves waiters in order", async () => {
    const sem = new Semaphore(3)
    let running = 0
    let peak = 0
    const order: number[] = []
    const gates: (() => void)[] = []
    const jobs = Array.from({ length: 10 }, (_, i) =>
      sem.run(async () => {
        running++
        peak = Math.max(peak, running)
        order.push(i)
        await new Promise<void>((r) => gates.push(r))
        running--
      })
    )
    await tick()
    expect(running).toBe(3)
    while (gates.length) {
      gates.shift()!()
      await tick()
      await tick()
    }
    await Promise.all(jobs)
    expect(peak).toBe(3)
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(sem.inUse).toBe(0)
  })

  it("releases the slot when the job throws", async () => {
    const sem = new Semaphore(1)
    await expect(
      sem.run(async () => {
        throw new Error("boom")
      })
    ).rejects.toThrow("boom")
    expect(sem.inUse).toBe(0)
    await expect(sem.run(async () => 7)).resolves.toBe(7)
  })

  it("lets waiters in when the limit grows", async () => {
    const sem = new Semaphore(1)
    await sem.acquire()
    let second = false
    const p = sem.acquire().then(() => (second = true))
    await tick()
    expect(second).toBe(false)
    sem.resize(2)
    await p
    expect(second).toBe(true)
    expect(sem.inUse).toBe(2)
  })

  it("refuses a limit below 1", () => {
    expect(() => new Semaphore(0)).toThrow(RangeError)
  })
})
