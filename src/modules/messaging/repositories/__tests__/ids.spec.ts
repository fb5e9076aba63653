import { decodeTime } from "ulid"
import { newId, ulid } from "../ids"

describe("newId / ulid", () => {
  it("has Medusa's entity id shape: <prefix>_ + 26 Crockford base32 characters", () => {
    const id = newId("msg")
    expect(id).toMatch(/^msg_[0-9A-HJKMNP-TV-Z]{26}$/)
  })

  it("encodes the creation time the way ulid does (ids sort by time)", () => {
    const t = Date.UTC(2026, 10, 21, 12, 34, 56, 789)
    expect(decodeTime(ulid(t))).toBe(t)
    expect(decodeTime(ulid(0))).toBe(0)
    expect(decodeTime(ulid(2 ** 48 - 1))).toBe(2 ** 48 - 1)
    expect(ulid(t) < ulid(t + 1)).toBe(true)
  })

  it("does not repeat across many ids, including across pool refills", () => {
    const seen = new Set<string>()
    const t = Date.now()
    for (let i = 0; i < 50_000; i++) seen.add(ulid(t))
    expect(seen.size).toBe(50_000)
  })

  it("spreads the random part over the whole alphabet in every position", () => {
    const counts = Array.from({ length: 16 }, () => new Map<string, number>())
    for (let i = 0; i < 20_000; i++) {
      const r = ulid(1).slice(10)
      for (let p = 0; p < 16; p++) counts[p].set(r[p], (counts[p].get(r[p]) ?? 0) + 1)
    }
    for (const c of counts) {
      expect(c.size).toBe(32)
      // 20,000 / 32 = 625 expected per symbol; a stuck bit would halve or zero some symbols
      for (const n of c.values()) expect(n).toBeGreaterThan(450)
    }
  })
})
