import { maskSecrets, maskString, maskValue } from "../mask"

describe("maskSecrets", () => {
  const KEY = "live_abcdefghijklmnop1234"
  const TG = "123456:ABC-DEF_ghijklmno"

  it("shows **** plus at most the last 4 characters, nothing for short secrets", () => {
    expect(maskValue(KEY)).toBe("****1234")
    expect(maskValue("short")).toBe("****")
  })

  it("replaces secrets anywhere in strings, URLs (also URL-encoded) and nested objects", () => {
    expect(maskString(`https://api.telegram.org/bot${TG}/sendMessage`, [TG])).toBe(
      "https://api.telegram.org/bot****lmno/sendMessage"
    )
    expect(maskString(`token=${encodeURIComponent(TG)}`, [TG])).not.toContain(encodeURIComponent(TG))
    const out = maskSecrets({ a: [{ b: `x ${KEY} y` }], url: new URL(`https://x/${TG}`), [KEY]: 1 }, [KEY, TG])
    const text = JSON.stringify(out)
    expect(text).not.toContain(KEY)
    expect(text).not.toContain(TG)
    expect(text).toContain("****1234")
  })

  it("masks known secret field names whatever their value", () => {
    const out = maskSecrets(
      {
        headers: {
          "X-API-KEY": "unconfigured-value-9999",
          Authorization: "Basic QUM6dG9rZW4=",
          authorization: "Bearer abcdefghijklmnop",
        },
        body: { token: "t0k3n", auth_token: "zzzzzzzzzzzzzzzz", password: "p", api_key: 12345, text: "hello" },
      },
      []
    )
    expect(out).toEqual({
      headers: { "X-API-KEY": "****9999", Authorization: "Basic ****", authorization: "Bearer ****mnop" },
      body: { token: "****", auth_token: "****zzzz", password: "****", api_key: "****", text: "hello" },
    })
  })

  it("handles errors, buffers and cycles without throwing", () => {
    const cyclic: any = { name: KEY }
    cyclic.self = cyclic
    const out = maskSecrets({ err: new Error(`failed with ${KEY}`), buf: Buffer.from(KEY), cyclic }, [KEY])
    expect(JSON.stringify(out)).not.toContain(KEY)
    expect((out as any).cyclic.self).toBe("[circular]")
  })
})
