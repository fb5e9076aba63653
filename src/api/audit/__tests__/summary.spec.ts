import { auditSummary, createdId } from "../summary"

describe("audit summary", () => {
  it("never holds a secret: credentials and secret-looking fields say changed or removed", () => {
    const text = auditSummary({
      name: "BSG backup",
      type: "bsg",
      priority: 20,
      credentials: { api_key: "live_supersecret123", password: null },
      config: { sender: "MyShop", webhook_secret: "whsec_abc" },
      auth_token: "tok_123",
    })
    expect(text).toBe(
      'name: "BSG backup", type: "bsg", priority: 20, credentials.api_key: (changed), credentials.password: (removed), config.sender: "MyShop", config.webhook_secret: (changed), auth_token: (changed)'
    )
    expect(text).not.toMatch(/supersecret|whsec|tok_123/)
  })

  it("masks phone numbers and e-mail addresses, gives texts by length and URLs without user info or query", () => {
    const text = auditSummary({
      phone: "+380671234567",
      alert_email: "olena@example.com",
      body: "Hello Olena, your code is 1234",
      base_url: "https://user:pass@api.example.com/v1?token=abc",
      audience: { type: "list", phones: "+380671112233\n+380671112244" },
    })
    expect(text).toBe(
      'phone: "+*********567", alert_email: "o***@example.com", body: 30 chars, base_url: "https://api.example.com/v1", audience.type: "list", audience.phones: 27 chars'
    )
  })

  it("lists ids (five at most) and booleans, drops undefined, caps the length", () => {
    expect(auditSummary({ ids: ["a", "b", "c", "d", "e", "f"], override_consent: true, x: undefined })).toBe(
      'ids: ["a", "b", "c", "d", "e", … 6 in all], override_consent: true'
    )
    expect(auditSummary({ name: "x".repeat(5000) }).length).toBeLessThanOrEqual(1000)
    expect(auditSummary(null)).toBe("")
    expect(auditSummary({ name: "y".repeat(100) })).toBe(`name: ${"y".repeat(60)}…`)
  })

  it("finds the id of the record a response is about", () => {
    expect(createdId({ account: { id: "macc_1", name: "x" } })).toBe("macc_1")
    expect(createdId({ canceled: ["msg_1"], not_cancelable: [] })).toBeNull()
    expect(createdId(undefined)).toBeNull()
  })
})
