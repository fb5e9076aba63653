import { formatDuration, lowBalanceAlertEmail, outageAlertEmail, recoveredAlertEmail } from "../alert-email"

const account = { name: "Main SMS", type: "bsg" as const }

describe("alert e-mails", () => {
  it("outage: account, type, error and since when — never the secret", () => {
    const key = "live_supersecretkey123456"
    const mail = outageAlertEmail({
      account,
      error: `401 API Key not found (${key})`,
      since: new Date("2025-01-20T10:05:00Z"),
      consecutiveFailures: 3,
      failoverTo: "Backup TurboSMS",
      shopName: "My Shop",
      secrets: [key],
    })
    expect(mail.subject).toBe("[My Shop] Messaging: Main SMS (BSG.World) is down")
    expect(mail.text).toContain("2025-01-20 10:05 UTC")
    expect(mail.text).toContain("401 API Key not found")
    expect(mail.text).toContain("Backup TurboSMS")
    expect(mail.text).toContain("Failed attempts in a row: 3")
    expect(mail.text).not.toContain(key)
    expect(outageAlertEmail({ account, error: null, since: new Date(0) }).text).toContain("No other account")
  })

  it("recovered: with the outage duration", () => {
    const mail = recoveredAlertEmail({
      account,
      downSince: new Date("2025-01-20T10:00:00Z"),
      recoveredAt: new Date("2025-01-20T12:05:00Z"),
    })
    expect(mail.subject).toBe("Messaging: Main SMS (BSG.World) recovered")
    expect(mail.text).toContain("2 h 5 min")
  })

  it("low balance", () => {
    const mail = lowBalanceAlertEmail({
      account,
      amount: -0.2800005,
      currency: "EUR",
      threshold: 5,
      creditLimit: 10,
      at: new Date("2025-01-20T10:00:00Z"),
    })
    expect(mail.subject).toBe("Messaging: low balance on Main SMS (-0.28 EUR)")
    expect(mail.text).toContain("Threshold: 5 EUR")
    expect(mail.text).toContain("Credit limit: 10 EUR")
  })

  it("formats durations", () => {
    expect(formatDuration(30_000)).toBe("less than a minute")
    expect(formatDuration(4 * 60_000)).toBe("4 min")
    expect(formatDuration(3 * 86_400_000 + 2 * 3_600_000)).toBe("3 d 2 h")
    expect(formatDuration(3_600_000)).toBe("1 h")
  })
})
