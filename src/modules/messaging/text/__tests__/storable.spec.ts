import { storable, storableText } from "../storable"

describe("storableText", () => {
  it("replaces NUL and lone surrogates with U+FFFD and leaves everything else", () => {
    expect(storableText("a\u0000b\u0000")).toBe("a\uFFFDb\uFFFD")
    expect(storableText("x\uD800y")).toBe("x\uFFFDy")
    expect(storableText("Привіт 👋 שלום \\u0000")).toBe("Привіт 👋 שלום \\u0000")
  })
})

describe("storable", () => {
  it("cleans every string of a JSON-like value, keys included, and keeps dates and numbers", () => {
    const at = new Date("2026-11-21T10:00:00Z")
    const out = storable({ text: "hi\u0000", list: ["ok", "x\u0000"], nested: { "k\u0000": 1, at, n: 2, none: null } })
    expect(out).toEqual({ text: "hi\uFFFD", list: ["ok", "x\uFFFD"], nested: { "k\uFFFD": 1, at, n: 2, none: null } })
    expect(out.nested.at).toBe(at)
  })

  it("returns the value itself when nothing needs cleaning", () => {
    const clean = { a: "b", list: [1, "c", { d: "e" }] }
    expect(storable(clean)).toBe(clean)
  })
})
