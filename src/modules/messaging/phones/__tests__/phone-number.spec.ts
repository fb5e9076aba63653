import { normalizePhone } from "../phone-number"

describe("normalizePhone", () => {
  it.each([
    ["067 123 45 67", { defaultRegion: "UA" }, "+380671234567", "UA", "MOBILE"],
    ["+380 (67) 123-45-67", {}, "+380671234567", "UA", "MOBILE"],
    ["00380671234567", {}, "+380671234567", "UA", "MOBILE"],
    ["tel:+380671234567", {}, "+380671234567", "UA", "MOBILE"],
    ["(201) 555-0123", { defaultRegion: "US" }, "+12015550123", "US", "FIXED_LINE_OR_MOBILE"],
    ["+1 212 555 0100", {}, "+12125550100", "US", "FIXED_LINE_OR_MOBILE"],
    ["07400 123456", { defaultRegion: "gb" }, "+447400123456", "GB", "MOBILE"],
    ["01512 3456789", { defaultRegion: "DE" }, "+4915123456789", "DE", "MOBILE"],
    ["0671234567", { country: "UA" }, "+380671234567", "UA", "MOBILE"],
  ] as const)("%s %j → %s", (raw, options, e164, country, type) => {
    expect(normalizePhone(raw, options)).toEqual({ ok: true, e164, country, type })
  })

  it.each([
    ["+380 44 123 4567", {}, "not_mobile"],
    ["044 279 1234", { defaultRegion: "UA" }, "not_mobile"],
    ["020 7946 0958", { defaultRegion: "GB" }, "not_mobile"],
    ["030 123456", { defaultRegion: "DE" }, "not_mobile"],
    ["0800 123 4567", { defaultRegion: "GB" }, "not_mobile"],
  ] as const)("rejects the fixed line or service number %s", (raw, options, reason) => {
    const result = normalizePhone(raw, options)
    expect(result).toMatchObject({ ok: false, reason })
    if (!result.ok) expect(result.message).toMatch(/cannot receive SMS/)
  })

  it.each([
    ["", {}, "empty"],
    ["   ", { defaultRegion: "UA" }, "empty"],
    [null, {}, "empty"],
    [undefined, {}, "empty"],
    ["garbage", { defaultRegion: "UA" }, "invalid"],
    ["123", { defaultRegion: "UA" }, "too_short"],
    ["+3806712345678901", {}, "too_long"],
    ["0671234567", {}, "invalid_country"],
    ["0671234567", { defaultRegion: "XX" }, "invalid_country"],
    ["+999 123 456", {}, "invalid_country"],
    ["+12015550123", { country: "UA" }, "invalid_country"],
    ["+380 99 000 00", {}, "too_short"],
  ] as const)("rejects %p %j as %s", (raw, options, reason) => {
    const result = normalizePhone(raw, options)
    expect(result).toMatchObject({ ok: false, reason })
    if (!result.ok) expect(result.message.length).toBeGreaterThan(5)
  })

  it("accepts numbers given as numbers, and country codes without +", () => {
    expect(normalizePhone(380671234567, { defaultRegion: "UA" })).toMatchObject({ ok: true, e164: "+380671234567" })
    expect(normalizePhone("380671234567", { defaultRegion: "UA" })).toMatchObject({ ok: true, e164: "+380671234567" })
    expect(normalizePhone(380671234567, {})).toMatchObject({ ok: false, reason: "invalid_country" })
  })
})

describe("UA trunk prefix 8", () => {
  it.each(["8 067 123 45 67", "80671234567", "8 (067) 123-45-67", "8-067-123-45-67"])(
    "%s → +380671234567 for region UA",
    (raw) => {
      expect(normalizePhone(raw, { defaultRegion: "UA" })).toMatchObject({ ok: true, e164: "+380671234567" })
    }
  )

  it("can be turned off, and never applies to other regions or to international numbers", () => {
    expect(normalizePhone("80671234567", { defaultRegion: "UA", uaTrunkPrefix: false }).ok).toBe(false)
    expect(normalizePhone("+80671234567", { defaultRegion: "UA" })).not.toMatchObject({ e164: "+380671234567" })
    expect(normalizePhone("80671234567", { defaultRegion: "PL" })).not.toMatchObject({ e164: "+380671234567" })
    // a plain national number is unchanged
    expect(normalizePhone("0671234567", { defaultRegion: "UA" })).toMatchObject({ ok: true, e164: "+380671234567" })
  })
})
