import { nulPath } from "../nul"

describe("nulPath", () => {
  it("names the first field holding NUL, nested fields and list items dotted", () => {
    expect(nulPath({ body: "a\u0000b" })).toBe("body")
    expect(nulPath({ audience: { type: "list", phones: "1\u0000" } })).toBe("audience.phones")
    expect(nulPath({ admin_phones: ["+380501112233", "x\u0000"] })).toBe("admin_phones.1")
    expect(nulPath({ config: { "k\u0000": 1 } })).toBe("config.k\u0000")
    expect(nulPath("raw\u0000")).toBe("body")
  })

  it("is null for clean input of any shape", () => {
    for (const value of [
      { body: "Привіт 👋 שלום", n: 1, ok: true, none: null },
      [],
      "",
      undefined,
      null,
      0,
      { deep: [{ a: ["b"] }] },
    ])
      expect(nulPath(value)).toBeNull()
  })
})
