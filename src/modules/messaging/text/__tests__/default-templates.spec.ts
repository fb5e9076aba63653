import {
  DEFAULT_TEMPLATES,
  DEFAULT_TEMPLATE_LOCALES,
  STAFF_EVENTS,
  defaultTemplateCode,
  findDefaultTemplate,
} from "../default-templates"
import { buildMacroVariables, sampleContextForEvent } from "../macros"
import { SUPPORTED_EVENTS } from "../../events/catalogue"
import { renderTemplateSync } from "../render"
import { countSegments } from "../segments"
import { transliterate } from "../transliterate"
import { validateTemplate } from "../validate"

const SAMPLE_LOCALE = { en: "en-US", ru: "ru-RU", uk: "uk-UA" } as const
const customerEvents = SUPPORTED_EVENTS.filter((event) => event !== "manual")

describe("default templates", () => {
  it("cover every event for customers and the staff events for admins and staff, in en/ru/uk", () => {
    for (const locale of DEFAULT_TEMPLATE_LOCALES) {
      for (const event of customerEvents) {
        expect(findDefaultTemplate(event, "customer", "sms", locale)?.locale).toBe(locale)
      }
      for (const event of STAFF_EVENTS) {
        expect(findDefaultTemplate(event, "admin", "sms", locale)?.locale).toBe(locale)
        expect(findDefaultTemplate(event, "staff", "email", locale)?.locale).toBe(locale)
        expect(findDefaultTemplate(event, "staff", "telegram", locale)?.locale).toBe(locale)
      }
    }
    expect(DEFAULT_TEMPLATES).toHaveLength((customerEvents.length + STAFF_EVENTS.length * 3) * 3)
    expect(DEFAULT_TEMPLATES.filter((t) => t.event === "manual")).toEqual([])
    expect(
      DEFAULT_TEMPLATES.filter(
        (t) => t.audience !== "customer" && !(STAFF_EVENTS as readonly string[]).includes(t.event)
      )
    ).toEqual([])
  })

  it("use BW_ codes, unique per locale", () => {
    expect(defaultTemplateCode("order.placed", "customer", "sms")).toBe("BW_ORDER_PLACED_CUSTOMER")
    expect(defaultTemplateCode("order.placed", "admin", "sms")).toBe("BW_ORDER_PLACED_ADMIN")
    expect(defaultTemplateCode("shipment.created", "customer", "sms")).toBe("BW_SHIPMENT_CREATED_CUSTOMER")
    expect(defaultTemplateCode("order-edit.requested", "staff", "email")).toBe("BW_ORDER_EDIT_REQUESTED_STAFF_EMAIL")
    expect(defaultTemplateCode("order.placed", "staff", "telegram")).toBe("BW_ORDER_PLACED_STAFF_TELEGRAM")
    const keys = DEFAULT_TEMPLATES.map((t) => `${t.code}/${t.locale}`)
    expect(new Set(keys).size).toBe(keys.length)
    for (const t of DEFAULT_TEMPLATES) {
      expect(t.code).toMatch(/^BW_[A-Z_]+_(CUSTOMER|ADMIN|STAFF_EMAIL|STAFF_TELEGRAM)$/)
      expect(t.code).toBe(defaultTemplateCode(t.event, t.audience, t.channel))
    }
  })

  it("have subjects exactly for e-mails, and only the password reset is critical", () => {
    for (const t of DEFAULT_TEMPLATES) {
      if (t.channel === "email") expect(t.subject).toMatch(/\S/)
      else expect(t.subject ?? null).toBeNull()
      expect(t.critical).toBe(t.event === "auth.password_reset")
      expect(t.channel).toBe(t.audience === "staff" ? t.channel : "sms")
    }
  })

  it.each(DEFAULT_TEMPLATES.map((t) => [`${t.code} (${t.locale})`, t] as const))(
    "%s passes validateTemplate",
    (_, t) => {
      const options = { event: t.event, audience: t.audience, locale: SAMPLE_LOCALE[t.locale] }
      expect(validateTemplate(t.body, options)).toMatchObject({ ok: true, errors: [] })
      if (t.subject) expect(validateTemplate(t.subject, options)).toMatchObject({ ok: true, errors: [] })
    }
  )

  it.each(customerEvents)("%s: the English customer SMS is one GSM-7 part with typical data", (event) => {
    const template = findDefaultTemplate(event, "customer", "sms", "en")!
    const text = renderTemplateSync(template.body, buildMacroVariables(sampleContextForEvent(event)))
    const count = countSegments(text)
    expect(count.encoding).toBe("GSM-7")
    expect(count.characters).toBeLessThanOrEqual(160)
    expect(count.parts).toBe(1)
  })

  it.each(customerEvents)("%s: ru/uk customer SMS transliterate to GSM-7", (event) => {
    for (const locale of ["ru", "uk"] as const) {
      const template = findDefaultTemplate(event, "customer", "sms", locale)!
      const text = renderTemplateSync(
        template.body,
        buildMacroVariables(sampleContextForEvent(event, { locale: SAMPLE_LOCALE[locale] }))
      )
      expect(text).toMatch(/[а-яіїєґ]/i)
      expect(countSegments(transliterate(text, locale)).encoding).toBe("GSM-7")
    }
  })

  it("falls back to English for other languages", () => {
    expect(findDefaultTemplate("order.placed", "customer", "sms", "pl-PL")?.locale).toBe("en")
    expect(findDefaultTemplate("order.placed", "customer", "sms", "uk-UA")?.locale).toBe("uk")
    expect(findDefaultTemplate("order.updated", "admin", "sms", "en")).toBeUndefined()
  })

  it("render staff e-mails with the item lines", () => {
    const t = findDefaultTemplate("order.placed", "staff", "email", "en")!
    const variables = buildMacroVariables(sampleContextForEvent("order.placed"))
    expect(renderTemplateSync(t.subject!, variables)).toBe("[Demo Shop] New order #1042")
    expect(renderTemplateSync(t.body, variables)).toContain("- 2 x T-shirt (M / Black): $39.98\n- 1 x Mug: $9.50\n")
  })
})
