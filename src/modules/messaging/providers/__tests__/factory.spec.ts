import { createProvider, PROVIDER_CAPABILITIES, PROVIDER_SECRET_FIELDS } from "../index"
import { ProviderConfigError } from "../errors"
import { PROVIDER_TYPES } from "../../types"

describe("createProvider", () => {
  const configs: Record<string, Record<string, unknown>> = {
    bsg: { api_key: "live_x" },
    turbosms: { token: "t" },
    twilio: { account_sid: "AC1", auth_token: "t", from: "+15005550006" },
    telegram: { bot_token: "1:abc" },
    smtp: { host: "127.0.0.1", port: 2525, from: "a@b.c" },
    sandbox: {},
  }

  it.each(PROVIDER_TYPES.map((t) => [t]))("builds %s with its capabilities and a probe()", async (type) => {
    const p = createProvider(type, configs[type])
    expect(p.type).toBe(type)
    expect(p.capabilities).toBe(PROVIDER_CAPABILITIES[type])
    expect(typeof p.probe).toBe("function")
    expect(PROVIDER_SECRET_FIELDS[type]).toBeDefined()
    await p.close?.()
  })

  it("names the missing field", () => {
    expect(() => createProvider("bsg", {})).toThrow(ProviderConfigError)
    expect(() => createProvider("turbosms", null)).toThrow(/config/)
    expect(() => createProvider("nope" as any, {})).toThrow(/type/)
  })

  it("capabilities are consistent", () => {
    for (const type of PROVIDER_TYPES) {
      const c = PROVIDER_CAPABILITIES[type]
      expect(c.channels.length).toBeGreaterThan(0)
      expect(c.maxBatchSize).toBeGreaterThan(0)
      if (c.nativeOmni) expect(c.channels).toContain("omni")
    }
    expect(PROVIDER_CAPABILITIES.telegram.balance).toBe(false)
    expect(PROVIDER_CAPABILITIES.bsg.lookupByReference).toBe(true)
  })
})
