import { WriteBatcher } from "../write-batcher"

const tick = () => new Promise((r) => setImmediate(r))

describe("WriteBatcher", () => {
  it("writes a lone write at once and coalesces the writes that arrive while one runs", async () => {
    const flushed: number[][] = []
    const gates: (() => void)[] = []
    const batcher = new WriteBatcher<number, number[]>(async (_key, items) => {
      flushed.push(items)
      await new Promise<void>((r) => gates.push(r))
      return items
    })
    const first = batcher.write("a", [1])
    await tick()
    expect(flushed).toEqual([[1]])
    const second = batcher.write("a", [2, 3])
    const third = batcher.write("a", [4])
    const other = batcher.write("b", [9]) // another key does not wait
    await tick()
    expect(flushed).toEqual([[1], [9]])
    gates.shift()!()
    expect(await first).toEqual([1])
    await tick()
    expect(flushed).toEqual([[1], [9], [2, 3, 4]])
    gates.splice(0).forEach((open) => open())
    await tick()
    gates.splice(0).forEach((open) => open())
    expect(await second).toEqual([2, 3, 4])
    expect(await third).toEqual([2, 3, 4])
    expect(await other).toEqual([9])
  })

  it("fails every caller of a batch whose write failed, and goes on with the next batch", async () => {
    let calls = 0
    const batcher = new WriteBatcher<number, number>(async (_key, items) => {
      calls++
      await tick()
      if (calls === 1) throw new Error("database gone")
      return items.length
    })
    const a = batcher.write("k", [1])
    const b = batcher.write("k", [2])
    await expect(a).rejects.toThrow("database gone")
    expect(await b).toBe(1)
  })
})
