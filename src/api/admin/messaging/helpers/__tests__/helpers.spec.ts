import {
  mergeCredentials,
  toAdminAccount,
  assertEditableHere,
  assertKnownFields,
  assertUsableAccount,
  assertSecretsReentered,
  assertAllowedAccountHost,
} from "../accounts"
import { csvCell, csvRow } from "../csv"
import { likePattern, messageFilters } from "../messages"
import { splitPastedList, requirePhone } from "../phones"
import { fillDays } from "../stats"
import { measureText, checkTemplate } from "../text"
import { recipientFor } from "../recipients"
import { assertValidRuleTexts } from "../rules"

describe("provider account secrets", () => {
  it("masks every credential value and never returns it", () => {
    const out = toAdminAccount({
      id: "macc_1",
      type: "twilio",
      credentials: { account_sid: "AC0123456789abcdef", auth_token: "tok_SECRET_987654321", empty: "" },
      config: { from: "+15005550006" },
      base_url: null,
      source: "admin",
    })
    expect(out.credentials).toEqual({ account_sid: "****cdef", auth_token: "****4321" })
    expect(JSON.stringify(out)).not.toContain("SECRET")
    expect(out.secret_fields).toEqual(["auth_token"])
    expect(
      toAdminAccount({
        id: "x",
        type: "bsg",
        credentials: { api_key: "short" },
        config: {},
        base_url: null,
        source: "admin",
      }).credentials
    ).toEqual({ api_key: "****" })
  })

  it("keeps a value sent back masked or left out, removes on null/empty, replaces otherwise", () => {
    const stored = { api_key: "live_old_0123456789", callback_secret: "cb_0123456789" }
    expect(mergeCredentials(stored, undefined)).toEqual(stored)
    expect(mergeCredentials(stored, { api_key: "****6789" })).toEqual(stored)
    expect(mergeCredentials(stored, { api_key: "live_new_1111111111" })).toEqual({
      ...stored,
      api_key: "live_new_1111111111",
    })
    expect(mergeCredentials(stored, { callback_secret: null })).toEqual({ api_key: "live_old_0123456789" })
    expect(mergeCredentials(stored, { callback_secret: "" })).toEqual({ api_key: "live_old_0123456789" })
  })

  it("names unknown and invalid fields without echoing the value", () => {
    expect(() => assertKnownFields("bsg", { token: "x" }, {})).toThrow("Field 'credentials.token'")
    expect(() => assertKnownFields("bsg", {}, { colour: "red" })).toThrow("Field 'config.colour'")
    expect(() => assertUsableAccount("bsg", {}, {}, null)).toThrow("Field 'credentials.api_key'")
    expect(() => assertUsableAccount("smtp", {}, { from: "a@b.co" }, null)).toThrow("Field 'config.host'")
    try {
      assertUsableAccount("bsg", { api_key: "sekret-value-123" }, { timeout_ms: -5 }, null)
      throw new Error("no error")
    } catch (e) {
      expect((e as Error).message).toContain("config.timeout_ms")
      expect((e as Error).message).not.toContain("sekret")
    }
  })
})

describe("accounts declared in medusa-config", () => {
  const declared = {
    id: "macc_3",
    type: "bsg" as const,
    credentials: { api_key: "live_0123456789" },
    config: {},
    base_url: null,
    source: "options",
  }

  it("refuse credential, config and base_url changes, naming the field; masks sent back are no change", () => {
    expect(() => assertEditableHere(declared, { credentials: { api_key: "live_new" } })).toThrow("Field 'credentials'")
    expect(() => assertEditableHere(declared, { credentials: { api_key: null } })).toThrow("Field 'credentials'")
    expect(() => assertEditableHere(declared, { config: { sender: "X" } })).toThrow("Field 'config'")
    expect(() => assertEditableHere(declared, { base_url: null })).toThrow("Field 'base_url'")
    expect(() => assertEditableHere(declared, { credentials: { api_key: "****6789" } })).not.toThrow()
    expect(() => assertEditableHere(declared, {})).not.toThrow()
    expect(() =>
      assertEditableHere({ ...declared, source: "admin" }, { credentials: { api_key: "live_new" }, base_url: null })
    ).not.toThrow()
  })
})

describe("secrets stay where they were entered", () => {
  const bsg = {
    id: "macc_1",
    type: "bsg" as const,
    credentials: { api_key: "live_SECRET_0123456789" },
    config: { sender: "Shop" },
    base_url: "https://api.bsg.world/rest",
    source: "admin",
  }
  const smtp = {
    id: "macc_2",
    type: "smtp" as const,
    credentials: { user: "shop", password: "smtpSECRET_98765" },
    config: { host: "smtp.example.com", port: 587, from: "a@b.co" },
    base_url: null,
    source: "admin",
  }

  it("a new base_url needs the secret typed again (the mask or nothing is refused)", () => {
    const next = { base_url: "http://169.254.169.254/latest", config: bsg.config }
    expect(() => assertSecretsReentered(bsg, next, undefined)).toThrow(
      "Field 'credentials.api_key' must be entered again"
    )
    expect(() => assertSecretsReentered(bsg, next, { api_key: "****6789" })).toThrow("credentials.api_key")
    expect(() => assertSecretsReentered(bsg, next, { api_key: "live_NEW_999999999" })).not.toThrow()
  })

  it("the same place (or a trailing slash) keeps the stored secret", () => {
    expect(() =>
      assertSecretsReentered(bsg, { base_url: "https://api.bsg.world/rest/", config: { sender: "Other" } }, undefined)
    ).not.toThrow()
  })

  it("an SMTP host or port change needs the password typed again", () => {
    expect(() =>
      assertSecretsReentered(smtp, { base_url: null, config: { ...smtp.config, host: "mail.attacker.example" } }, {})
    ).toThrow("credentials.password")
    expect(() => assertSecretsReentered(smtp, { base_url: null, config: { ...smtp.config, port: 2525 } }, {})).toThrow(
      "credentials.password"
    )
    expect(() =>
      assertSecretsReentered(smtp, { base_url: null, config: { ...smtp.config, from: "x@b.co" } }, {})
    ).not.toThrow()
  })

  it("the account's host must pass allowed_hosts (400 naming the field)", async () => {
    await expect(assertAllowedAccountHost("bsg", "http://169.254.169.254/latest", {}, [])).rejects.toThrow(
      "Field 'base_url'"
    )
    await expect(assertAllowedAccountHost("bsg", "https://attacker.example/rest", {}, [])).rejects.toThrow(
      "Field 'base_url'"
    )
    await expect(assertAllowedAccountHost("smtp", null, { host: "10.0.0.5" }, [])).rejects.toThrow(
      "Field 'config.host'"
    )
    await expect(assertAllowedAccountHost("bsg", "http://127.0.0.1:9/rest", {}, ["127.0.0.1"])).resolves.toBeUndefined()
    await expect(assertAllowedAccountHost("twilio", null, {}, [])).resolves.toBeUndefined()
  })
})

describe("custom rules cannot read credentials", () => {
  const base = {
    event_name: "order.placed",
    entity: "order",
    phone_source: "shipping_address.phone",
    id_field: "id",
    customer_text: "Order #ORDER.DISPLAY_ID#",
  }
  it.each([
    [{ event_name: "auth.password_reset", entity: "none", phone_source: "token" }, "event_name"],
    [{ event_name: "invite.created", entity: "none" }, "event_name"],
    [{ entity: "invite" }, "entity"],
    [{ phone_source: "token" }, "phone_source"],
    [{ phone_source: "#EVENT.RESET_TOKEN#" }, "phone_source"],
    [{ id_field: "token" }, "id_field"],
    [{ customer_text: "Code: #EVENT.VERIFICATION_CODE#" }, "customer_text"],
    [{ customer_text: "{{ ORDER.METADATA.SECRET }}" }, "customer_text"],
  ])("%j → 400 naming %s", (over, field) => {
    expect(() => assertValidRuleTexts({ ...base, ...over })).toThrow(`Field '${field}'`)
  })
  it("an ordinary rule passes", () => expect(() => assertValidRuleTexts(base)).not.toThrow())
})

describe("CSV", () => {
  it("quotes separators, quotes and newlines, and defuses spreadsheet formulas", () => {
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"')
    expect(csvCell("line1\nline2")).toBe('"line1\nline2"')
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"')
    expect(csvCell("+380671234567")).toBe("'+380671234567")
    expect(csvCell("-5")).toBe("-5")
    expect(csvCell("@cmd")).toBe("'@cmd")
    expect(csvCell(null)).toBe("")
    expect(csvCell(new Date("2026-01-02T03:04:05Z"))).toBe("2026-01-02T03:04:05.000Z")
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"')
    expect(csvRow([1, "x", undefined])).toBe("1,x,\r\n")
  })
})

describe("message filters", () => {
  it("escapes LIKE wildcards typed by an admin", () => {
    expect(likePattern("50%_off\\")).toBe("%50\\%\\_off\\\\%")
  })

  it("maps the History filters; a phone also matches by its digits", () => {
    const from = new Date("2026-01-01T00:00:00Z")
    expect(messageFilters({ status: ["sent"], channel: [], order_id: "order_1", from, q: "067 123" })).toEqual({
      status: ["sent"],
      order_id: "order_1",
      created_at: { $gte: from },
      $or: [
        { recipient: { $ilike: "%067 123%" } },
        { body: { $ilike: "%067 123%" } },
        { recipient: { $ilike: "%067123%" } },
      ],
    })
    expect(messageFilters({ q: "  parcel " }).$or).toHaveLength(2)
    expect(messageFilters({})).toEqual({})
  })
})

describe("phones and recipients", () => {
  it("splits pasted lists and normalizes with the site's region, naming the field when invalid", () => {
    expect(splitPastedList("+380671234567\n050 111 22 33; 063-123-45-67,\n\n")).toEqual([
      "+380671234567",
      "050 111 22 33",
      "063-123-45-67",
    ])
    expect(requirePhone("to", "067 123 45 67", "UA")).toBe("+380671234567")
    expect(() => requirePhone("to", "+380441234567", "UA")).toThrow(
      "Field 'to' is not a phone number that can receive SMS"
    )
    expect(recipientFor("to", "telegram", "-1001234567890")).toBe("-1001234567890")
    expect(() => recipientFor("to", "telegram", "-42")).toThrow("Field 'to'")
    expect(() => recipientFor("to", "email", "nobody")).toThrow("Field 'to' is not an e-mail address")
    expect(recipientFor("to", "email", "a@b.co")).toBe("a@b.co")
  })
})

describe("stats", () => {
  it("fills every day of the range, zeros where nothing was sent", () => {
    const days = fillDays(
      [{ day: "2026-03-02", total: 3, sent: 2, delivered: 1, failed: 1, cost: 0.46 }],
      new Date("2026-03-01T00:00:00Z"),
      new Date("2026-03-04T00:00:00Z")
    )
    expect(days.map((d) => d.day)).toEqual(["2026-03-01", "2026-03-02", "2026-03-03"])
    expect(days[1]).toEqual({ day: "2026-03-02", total: 3, sent: 2, delivered: 1, failed: 1, cost: 0.46 })
    expect(days[0].total).toBe(0)
  })
})

describe("editor helpers", () => {
  it("counts parts and what transliteration would save", () => {
    const c = measureText("Ваше замовлення №1042 відправлено. Дякуємо за покупку! Очікуйте дзвінка кур'єра.")
    expect(c).toMatchObject({ encoding: "UCS-2", parts: 2 })
    expect(c.transliteration).toMatchObject({ encoding: "GSM-7", parts: 1, saved_parts: 1 })
  })

  it("reports unknown macros with positions and accepts entity macros for custom rules", () => {
    expect(checkTemplate("Hi #NOPE#", "order.placed", "customer")).toMatchObject({
      ok: false,
      unknown_macros: ["NOPE"],
      errors: [{ line: 1, column: 4 }],
    })
    expect(checkTemplate("#ORDER.DISPLAY_ID# #SITE_NAME#", "x.y", "customer", undefined, ["ORDER"]).ok).toBe(true)
  })
})
