import {
  customRuleEntityProblem,
  customRuleEventProblem,
  isSecretField,
  maskInvalidRecipient,
  readField,
} from "../secret-fields"
import { flattenEntityMacros } from "../../text/entity-macros"
import { prepareMessage } from "../../pipeline/prepare"
import { site } from "../../pipeline/__tests__/fixtures"

describe("isSecretField", () => {
  it.each([
    "token",
    "reset_token",
    "resetToken",
    "authtoken",
    "password",
    "password_hash",
    "passwordHash",
    "new-password",
    "secret",
    "client_secret",
    "hash",
    "salt",
    "otp",
    "pin",
    "code",
    "verification_code",
    "otpCode",
    "discount_code",
    "key",
    "api_key",
    "apiKey",
    "x-api-key",
    "private_key",
    "credentials",
    "signature",
    "TOKEN",
  ])("%s is never readable", (key) => expect(isSecretField(key)).toBe(true))

  it.each([
    "phone",
    "email",
    "first_name",
    "postal_code",
    "country_code",
    "currency_code",
    "province_code",
    "display_id",
    "passport_number",
    "id",
    "customer_id",
    "keyboard",
  ])("%s is readable", (key) => expect(isSecretField(key)).toBe(false))
})

describe("readField", () => {
  const payload = {
    id: "x",
    token: "tok_RESET_0123456789",
    customer: { phone: "+380671234567", auth: { password: "p" } },
    verification_code: "123456",
  }
  it("reads ordinary paths and never a secret-looking segment", () => {
    expect(readField(payload, "customer.phone")).toBe("+380671234567")
    expect(readField(payload, "token")).toBeUndefined()
    expect(readField(payload, "verification_code")).toBeUndefined()
    expect(readField(payload, "customer.auth.password")).toBeUndefined()
    expect(readField(payload, "nope.deeper")).toBeUndefined()
  })

  it("is the same filter the macros use", () => {
    const { macros } = flattenEntityMacros(payload, "EVENT")
    expect(macros.sort()).toEqual(["EVENT.CUSTOMER.PHONE", "EVENT.ID"])
    expect(flattenEntityMacros({ postal_code: "01001", code: "GIFT-123" }, "X").macros).toEqual(["X.POSTAL_CODE"])
  })
})

describe("events and entities with credentials", () => {
  it.each([
    "auth.password_reset",
    "auth.verification_requested",
    "invite.created",
    "invite.resent",
    "invite.accepted",
    "api_key.created",
    "my_module.password_changed",
    "acme.otp_sent",
    "acme.token_issued",
  ])("%s cannot have custom rules", (event) => expect(customRuleEventProblem(event)).toMatch(/carries credentials/))
  it.each(["order.placed", "customer.created", "product.updated", "shipment.created", "order.transfer_requested"])(
    "%s can",
    (event) => expect(customRuleEventProblem(event)).toBeNull()
  )

  it("refuses entities that store credentials", () => {
    for (const e of ["invite", "api_key", "auth_identity", "provider_identity"])
      expect(customRuleEntityProblem(e)).not.toBeNull()
    for (const e of ["order", "customer", "none", null]) expect(customRuleEntityProblem(e)).toBeNull()
  })
})

describe("invalid recipients are stored masked", () => {
  it("masks the value and keeps only its length and last 2 characters", () => {
    expect(maskInvalidRecipient("tok_RESET_0123456789abcdef")).toBe("****ef (26 characters)")
    expect(maskInvalidRecipient("123456")).toBe("**** (6 characters)")
    expect(maskInvalidRecipient("  ")).toBe("(none)")
  })

  it.each([
    ["sms", "tok_RESET_0123456789abcdef"],
    ["sms", "123456"],
    ["telegram", "tok_RESET_0123456789abcdef"],
    ["email", "tok_RESET_0123456789abcdef"],
  ] as const)("a %s row for %s keeps neither the value nor its digits", (channel, raw) => {
    const row = prepareMessage({ site: site(), channel, recipient: raw, body: "Hello" })
    expect(row.status).toBe("skipped")
    expect(JSON.stringify(row)).not.toContain(raw)
    expect(row.recipient).toMatch(/^\*\*\*\*/)
    if (raw === "123456") expect(row.error).not.toMatch(/\d{3}/)
  })
})
