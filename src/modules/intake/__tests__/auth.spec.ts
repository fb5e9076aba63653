import { hmacSignature, maskSecrets, newCollectorSecret, verifyCollectorRequest } from "../auth"
import { collectorBackoffMs } from "../collector-config"

const body = Buffer.from('{"phone":"+79256424290"}')

describe("collector secrets", () => {
  it("accepts the bearer token and refuses others", () => {
    expect(verifyCollectorRequest("bearer", "s3cret", { authorization: "Bearer s3cret" }, body)).toBe(true)
    expect(verifyCollectorRequest("bearer", "s3cret", { authorization: "Bearer s3cre" }, body)).toBe(false)
    expect(verifyCollectorRequest("bearer", "s3cret", {}, body)).toBe(false)
    expect(verifyCollectorRequest("bearer", undefined, { authorization: "Bearer " }, body)).toBe(false)
  })

  it("accepts an HMAC of the raw body, and no other body", () => {
    const sig = hmacSignature("k", body)
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/)
    expect(verifyCollectorRequest("hmac", "k", { "x-intake-signature": sig }, body)).toBe(true)
    expect(verifyCollectorRequest("hmac", "k", { "x-intake-signature": sig }, Buffer.from("{}"))).toBe(false)
    expect(verifyCollectorRequest("hmac", "k", { authorization: "Bearer k" }, body)).toBe(false)
  })

  it("masks every secret and makes long random ones", () => {
    expect(maskSecrets({ secret: "abc", password: "" })).toEqual({ secret: "••••••••" })
    expect(newCollectorSecret()).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it("backs off 1, 2, 4 … minutes up to an hour", () => {
    expect([1, 2, 3, 7, 20].map(collectorBackoffMs)).toEqual([60_000, 120_000, 240_000, 3_600_000, 3_600_000])
  })
})
