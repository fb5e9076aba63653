/**
 * The provider registry: every fact about a provider type comes from its class, and the
 * views the rest of the plugin reads (types, capabilities, secret fields, options
 * schemas, the admin's field lists) are built from those classes.
 */
import {
  PROVIDER_CAPABILITIES,
  PROVIDER_CLASSES,
  PROVIDER_SECRET_FIELDS,
  PROVIDER_TYPES,
  createProvider,
  providerClass,
  providerTypeInfos,
} from "../registry"
import { ProviderConfigError } from "../errors"
import { PROVIDER_TYPES as TYPES_FROM_VOCABULARY } from "../../types"
import { ACCOUNT_TYPES } from "../../../../api/admin/messaging/helpers/accounts"
import { en } from "../../../../admin/i18n/en"
import { ru } from "../../../../admin/i18n/ru"
import { uk } from "../../../../admin/i18n/uk"

const get = (o: unknown, key: string) => key.split(".").reduce<any>((a, p) => (a == null ? a : a[p]), o)

describe("provider registry", () => {
  it("lists the provider types from the classes, in the admin's order", () => {
    expect(PROVIDER_TYPES).toEqual(["bsg", "turbosms", "twilio", "telegram", "smtp", "sandbox"])
    expect(TYPES_FROM_VOCABULARY).toBe(PROVIDER_TYPES)
    expect(new Set(PROVIDER_TYPES).size).toBe(PROVIDER_TYPES.length)
  })

  it("builds capabilities and secret fields from the classes", () => {
    for (const Provider of PROVIDER_CLASSES) {
      expect(PROVIDER_CAPABILITIES[Provider.identifier]).toBe(Provider.capabilities)
      expect(providerClass(Provider.identifier)).toBe(Provider)
    }
    expect(PROVIDER_SECRET_FIELDS).toEqual({
      bsg: ["api_key"],
      turbosms: ["token", "callback_secret"],
      twilio: ["auth_token"],
      telegram: ["bot_token"],
      smtp: ["password"],
      sandbox: [],
    })
    expect(providerClass("nexmo")).toBeUndefined()
  })

  it("every adapter reports its class's identifier and capabilities", async () => {
    const p = createProvider("twilio", { account_sid: "AC1", auth_token: "t", from: "+15005550006" })
    expect(p.type).toBe("twilio")
    expect(p.capabilities).toBe(PROVIDER_CLASSES[2].capabilities)
    await p.close?.()
    expect(() => createProvider("nexmo" as never, {})).toThrow(ProviderConfigError)
  })

  it("every field has a translated label in every admin language", () => {
    const missing: string[] = []
    for (const Provider of PROVIDER_CLASSES) {
      for (const field of Provider.fields) {
        expect(field.label).toBe(`messaging.accounts.fields.${field.name}`)
        for (const [lang, dict] of Object.entries({ en, ru, uk })) {
          if (typeof get(dict, field.label) !== "string") missing.push(`${lang}: ${field.label}`)
        }
      }
    }
    expect(missing).toEqual([])
  })

  it("secret fields are credentials; every field name is unique within its type", () => {
    for (const Provider of PROVIDER_CLASSES) {
      const names = Provider.fields.map((f) => f.name)
      expect(new Set(names).size).toBe(names.length)
      for (const f of Provider.fields) if (f.kind === "secret") expect(f.group).toBe("credentials")
    }
  })

  it("describes each type for GET /admin/messaging/provider-types", () => {
    const infos = providerTypeInfos()
    expect(infos.map((i) => i.type)).toEqual([...PROVIDER_TYPES])
    expect(infos.find((i) => i.type === "smtp")).toEqual({
      type: "smtp",
      label: "SMTP (e-mail)",
      channels: ["email"],
      balance: false,
      inbound: "none",
      fields: [
        { name: "user", label: "messaging.accounts.fields.user", kind: "text", required: false, group: "credentials" },
        {
          name: "password",
          label: "messaging.accounts.fields.password",
          kind: "secret",
          required: false,
          group: "credentials",
        },
        { name: "host", label: "messaging.accounts.fields.host", kind: "text", required: true, group: "config" },
        { name: "port", label: "messaging.accounts.fields.port", kind: "number", required: false, group: "config" },
        {
          name: "secure",
          label: "messaging.accounts.fields.secure",
          kind: "boolean",
          required: false,
          group: "config",
        },
        { name: "from", label: "messaging.accounts.fields.from", kind: "text", required: true, group: "config" },
      ],
    })
  })

  it("keeps the accounts list's `types` shape (credentials and config) as a view of the same fields", () => {
    expect(ACCOUNT_TYPES.map((t) => t.type)).toEqual([...PROVIDER_TYPES])
    expect(ACCOUNT_TYPES.find((t) => t.type === "twilio")).toMatchObject({
      label: "Twilio",
      credentials: [
        { name: "account_sid", required: true, secret: false },
        { name: "auth_token", required: true, secret: true },
      ],
      config: [
        { name: "from", kind: "text", required: false },
        { name: "messaging_service_sid", kind: "text", required: false },
        { name: "timeout_ms", kind: "number", required: false },
      ],
      channels: ["sms"],
      balance: true,
      inbound: "webhook",
    })
  })

  it("each class's options schema names what an account in the plugin options lacks", () => {
    const problems = (type: string, account: { credentials?: object; config?: object }) => {
      const r = providerClass(type)!.optionsSchema.safeParse({ credentials: {}, config: {}, ...account })
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)
    }
    expect(problems("bsg", { credentials: { api_key: "k" } })).toEqual([])
    expect(problems("bsg", {})).toEqual([expect.stringMatching(/^credentials\.api_key: /)])
    expect(problems("twilio", { credentials: { account_sid: "AC1" } })).toEqual([
      expect.stringMatching(/^credentials\.auth_token: /),
    ])
    expect(problems("smtp", { config: { host: "mail.example.com" } })).toEqual([
      "config.from: an smtp account needs config.from",
    ])
    expect(problems("smtp", { config: { host: "", from: "a@b.co" } })).toEqual([
      "config.host: an smtp account needs config.host",
    ])
    expect(problems("smtp", { config: { host: "h", from: "a@b.co", pool: false } })).toEqual([])
    expect(problems("sandbox", {})).toEqual([])
  })
})
