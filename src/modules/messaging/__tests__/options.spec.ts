import { InvalidOptionsError, parsePluginOptions } from "../options"

describe("parsePluginOptions", () => {
  it("accepts empty options and fills defaults", () => {
    const o = parsePluginOptions(undefined)
    expect(o.accounts).toEqual([])
    expect(o.install_default_templates).toBe(true)
    expect(o.dispatch.batch_size).toBe(100)
    expect(o.dispatch.max_attempts).toBe(8)
  })

  it("accepts a full valid configuration", () => {
    const o = parsePluginOptions({
      accounts: [
        { key: "bsg-main", type: "bsg", priority: 1, credentials: { api_key: "live_x" }, config: { sender: "MyShop" } },
        {
          key: "mail",
          type: "smtp",
          credentials: { user: "u", password: "p" },
          config: { host: "127.0.0.1", port: 2525, from: "shop@example.com" },
        },
      ],
      alert_email: "owner@example.com",
      allowed_hosts: ["127.0.0.1"],
      defaults: { time_zone: "Europe/Kyiv", default_region: "UA", quiet_hours: { start: "21:00", end: "09:00" } },
    })
    expect(o.accounts).toHaveLength(2)
    expect(o.defaults.time_zone).toBe("Europe/Kyiv")
  })

  it("refuses a stuck_after_ms that does not comfortably cover an account's request deadline", () => {
    const twilio = (config: Record<string, unknown>) => ({
      key: "tw",
      type: "twilio",
      credentials: { account_sid: "AC1", auth_token: "t" },
      config: { from: "+15005550006", ...config },
    })
    // default deadline 10 s: a 20 s lease is too short
    expect(() => parsePluginOptions({ accounts: [twilio({})], dispatch: { stuck_after_ms: 20_000 } })).toThrow(
      /dispatch\.stuck_after_ms: .*"tw".*10000 ms.*at least 3 × /
    )
    expect(() =>
      parsePluginOptions({ accounts: [twilio({ timeout_ms: 5000 })], dispatch: { stuck_after_ms: 12_000 } })
    ).toThrow(/dispatch\.stuck_after_ms/)
    expect(
      parsePluginOptions({ accounts: [twilio({ timeout_ms: 4000 })], dispatch: { stuck_after_ms: 12_000 } }).dispatch
        .stuck_after_ms
    ).toBe(12_000)
    // the defaults fit (10 s deadline, 120 s lease)
    expect(parsePluginOptions({ accounts: [twilio({})] }).dispatch.stuck_after_ms).toBe(120_000)
  })

  it("validates unknown_outcome and timeout_ms in an account's config", () => {
    const acc = (config: Record<string, unknown>) => ({
      key: "tg",
      type: "telegram",
      credentials: { bot_token: "1:a" },
      config,
    })
    expect(
      parsePluginOptions({ accounts: [acc({ unknown_outcome: "resend" })] }).accounts[0].config.unknown_outcome
    ).toBe("resend")
    expect(() => parsePluginOptions({ accounts: [acc({ unknown_outcome: "retry" })] })).toThrow(
      /accounts\[0\]\.config\.unknown_outcome: expected one of "hold", "resend"/
    )
    expect(() => parsePluginOptions({ accounts: [acc({ timeout_ms: "fast" })] })).toThrow(
      /accounts\[0\]\.config\.timeout_ms/
    )
  })

  it("names the missing credential of an account", () => {
    expect(() => parsePluginOptions({ accounts: [{ key: "a", type: "bsg", credentials: {} }] })).toThrow(
      /accounts\[0\]\.credentials\.api_key/
    )
  })

  it("names an unknown provider type", () => {
    expect(() => parsePluginOptions({ accounts: [{ key: "a", type: "nexmo" }] })).toThrow(/accounts\[0\]\.type/)
  })

  it("names a bad time zone and a bad quiet-hours time", () => {
    try {
      parsePluginOptions({ defaults: { time_zone: "Mars/Base", quiet_hours: { start: "25:00", end: "09:00" } } })
      throw new Error("should have thrown")
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidOptionsError)
      const msg = (e as Error).message
      expect(msg).toMatch(/defaults\.time_zone: not an IANA time zone/)
      expect(msg).toMatch(/defaults\.quiet_hours\.start/)
    }
  })

  it("rejects unknown top-level options by name", () => {
    expect(() => parsePluginOptions({ acounts: [] })).toThrow(/acounts: unknown option/)
  })

  it("rejects a non-email alert address", () => {
    expect(() => parsePluginOptions({ alert_email: "not-an-email" })).toThrow(/alert_email/)
  })

  it("never echoes credential values in errors", () => {
    try {
      parsePluginOptions({ accounts: [{ key: "bad key!", type: "bsg", credentials: { api_key: "live_SECRET123" } }] })
    } catch (e) {
      expect((e as Error).message).not.toContain("live_SECRET123")
      expect((e as Error).message).toMatch(/accounts\[0\]\.key/)
    }
  })
})
