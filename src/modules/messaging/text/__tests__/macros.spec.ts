import {
  buildMacroVariables,
  flattenEntityMacros,
  mergeEntityVariables,
  sampleContextForEvent,
  toMacroSegment,
} from "../macros"
import { EVENT_CATALOGUE, SUPPORTED_EVENTS } from "../../events/catalogue"
import type { MacroContext } from "../macros"
import { formatMoney } from "../../money/amounts"
import { formatOrderList } from "../order-list"
import { renderTemplateSync } from "../render"

const site = {
  name: "Demo Shop",
  url: "https://shop.example.com/",
  locale: "en-US",
  email_from: "shop@example.com",
  time_zone: "Europe/Kyiv",
}

function context(overrides: Partial<MacroContext> = {}): MacroContext {
  return {
    event: "order.placed",
    site,
    order: {
      id: "order_01",
      display_id: 1042,
      created_at: "2026-03-14T22:30:00.000Z",
      currency_code: "usd",
      total: 1234.5,
      email: "olena@example.com",
      status: "pending",
      items: [
        { title: "T-shirt", quantity: 2, unit_price: 19.99, total: 39.98 },
        { title: "Mug", quantity: 1, unit_price: "9.5", total: { numeric: 9.5 } },
      ],
      shipping_address: { first_name: "Olena", last_name: "Kovalenko", phone: "+380671234567" },
    },
    ...overrides,
  }
}

describe("buildMacroVariables", () => {
  it("fills the order macros", () => {
    const v = buildMacroVariables(context())
    expect(v).toMatchObject({
      ORDER_ID: "1042",
      ORDER_DATE: "03/15/2026", // 00:30 on the 15th in Kyiv
      CONTACT_PERSON: "Olena Kovalenko",
      CUSTOMER_FIRST_NAME: "Olena",
      CUSTOMER_EMAIL: "olena@example.com",
      PHONE_TO: "+380671234567",
      PRICE: "$1,234.50",
      ORDER_LIST: "2x T-shirt, 1x Mug",
      ORDER_URL: "https://shop.example.com/account/orders/details/order_01",
      STATUS_NAME: "Pending",
      SITE_NAME: "Demo Shop",
      SERVER_NAME: "shop.example.com",
      DEFAULT_EMAIL_FROM: "shop@example.com",
      TRACKING_NUMBER: "",
      RESET_URL: "",
    })
    expect(v.items).toEqual([
      {
        title: "T-shirt",
        variant_title: "",
        quantity: 2,
        unit_price: "$19.99",
        total: "$39.98",
        unit_price_amount: 19.99,
        total_amount: 39.98,
      },
      {
        title: "Mug",
        variant_title: "",
        quantity: 1,
        unit_price: "$9.50",
        total: "$9.50",
        unit_price_amount: 9.5,
        total_amount: 9.5,
      },
    ])
  })

  it("formats money in the order's currency and the site's locale", () => {
    const uk = buildMacroVariables(
      context({ site: { ...site, locale: "uk-UA" }, order: { ...context().order, currency_code: "uah" } })
    )
    expect(uk.PRICE).toBe("1 234,50 ₴")
    expect(uk.ORDER_DATE).toBe("15.03.2026")
    expect(uk.STATUS_NAME).toBe("Прийнято")
    const de = buildMacroVariables(
      context({ site: { ...site, locale: "de_DE" }, order: { ...context().order, currency_code: "EUR" } })
    )
    expect(de.PRICE).toBe("1.234,50 €")
  })

  it("uses plain spaces, never NBSP, in amounts", () => {
    for (const locale of ["uk-UA", "ru-RU", "fr-FR", "de-CH"]) {
      expect(formatMoney(1234567.891, "EUR", locale)).not.toMatch(/[\u00a0\u202f]/)
    }
  })

  it("follows the phone and name fallbacks", () => {
    const base = context().order!
    const noShipping = buildMacroVariables(
      context({
        order: { ...base, shipping_address: null, billing_address: { first_name: "Ivan", phone: "+380501112233" } },
        customer: { first_name: "Petro", last_name: "Shevchenko", phone: "+380661234567" },
      })
    )
    expect(noShipping).toMatchObject({
      PHONE_TO: "+380501112233",
      CONTACT_PERSON: "Ivan",
      CUSTOMER_FIRST_NAME: "Petro",
    })
    const customerOnly = buildMacroVariables(
      context({
        order: { ...base, shipping_address: null },
        customer: { first_name: "Petro", last_name: "Shevchenko", phone: "+380661234567" },
      })
    )
    expect(customerOnly).toMatchObject({ PHONE_TO: "+380661234567", CONTACT_PERSON: "Petro Shevchenko" })
    const emailOnly = buildMacroVariables(context({ order: { ...base, shipping_address: null } }))
    expect(emailOnly.CONTACT_PERSON).toBe("olena@example.com")
  })

  it("fills shipping, payment, refund and return macros", () => {
    const v = buildMacroVariables(
      context({
        event: "shipment.created",
        fulfillment: {
          labels: [
            { tracking_number: "204500001", tracking_url: "" },
            { tracking_number: "204500002", tracking_url: "https://t.example/204500002" },
          ],
          provider_id: "nova-poshta_nova-poshta",
        },
        payment: { amount: "61.48", currency_code: "usd" },
        refund: { amount: { value: "19.99" } },
        return: { id: "ret_1", display_id: 7 },
      })
    )
    expect(v).toMatchObject({
      TRACKING_NUMBER: "204500001, 204500002",
      TRACKING_URL: "https://t.example/204500002",
      CARRIER: "Nova Poshta",
      STATUS_NAME: "Shipped",
      PAYMENT_AMOUNT: "$61.48",
      REFUND_AMOUNT: "$19.99",
      RETURN_ID: "7",
    })
    expect(buildMacroVariables(context({ fulfillment: { provider_id: "manual_manual" } })).CARRIER).toBe("Manual")
    expect(buildMacroVariables(context({ fulfillment: { provider_id: "x", carrier: "DHL Express" } })).CARRIER).toBe(
      "DHL Express"
    )
  })

  it("takes the cancellation reason from the order metadata", () => {
    const v = buildMacroVariables(
      context({ event: "order.canceled", order: { ...context().order, metadata: { cancel_reason: "Out of stock" } } })
    )
    expect(v.ORDER_CANCEL_DESCRIPTION).toBe("Out of stock")
    expect(v.STATUS_NAME).toBe("Canceled")
  })

  it("builds the password reset link without exposing the token separately", () => {
    const v = buildMacroVariables({
      event: "auth.password_reset",
      site,
      reset: { token: "a.b+c", email: "o@example.com" },
    })
    expect(v.RESET_URL).toBe("https://shop.example.com/reset-password?token=a.b%2Bc&email=o%40example.com")
    expect(Object.values(v)).not.toContain("a.b+c")
    const custom = buildMacroVariables({
      event: "auth.password_reset",
      site: { ...site, reset_password_url: "https://shop.example.com/ua/reset/{token}" },
      reset: { token: "t1" },
    })
    expect(custom.RESET_URL).toBe("https://shop.example.com/ua/reset/t1")
  })

  it("merges extra variables without overriding built-in macros", () => {
    const v = buildMacroVariables(context({ extra: { ORDER_ID: "spoofed", COUPON: "SPRING10" } }))
    expect(v.ORDER_ID).toBe("1042")
    expect(v.COUPON).toBe("SPRING10")
  })

  it("produces plain data only (no functions, no class instances)", () => {
    const v = buildMacroVariables(sampleContextForEvent("shipment.created"))
    const check = (value: unknown): void => {
      expect(typeof value).not.toBe("function")
      if (value && typeof value === "object") {
        expect([Object.prototype, Array.prototype]).toContain(Object.getPrototypeOf(value))
        Object.values(value).forEach(check)
      }
    }
    check(v)
  })
})

describe("the order list", () => {
  it("lists items compactly and summarises the rest", () => {
    const items = [
      { title: "T-shirt", quantity: 2 },
      { title: "Mug", quantity: 1 },
      { title: "Socks with a rather long name", quantity: 3 },
      { title: "Cap", quantity: 1 },
    ]
    expect(formatOrderList(items, { maxLength: 200 })).toBe(
      "2x T-shirt, 1x Mug, 3x Socks with a rather long name, 1x Cap"
    )
    expect(formatOrderList(items, { maxLength: 30 })).toBe("2x T-shirt, 1x Mug, +2 more")
    expect(formatOrderList(items, { maxLength: 30, locale: "uk-UA" })).toBe("2x T-shirt, 1x Mug, +2 ще")
    expect(
      formatOrderList([{ title: "An extremely long product title that never fits", quantity: 1 }, ...items], {
        maxLength: 25,
      })
    ).toBe("1x An extreme..., +4 more")
    expect(formatOrderList([], {})).toBe("")
  })

  it("never exceeds the length limit", () => {
    const items = Array.from({ length: 20 }, (_, i) => ({ title: `Product ${i} 😀`, quantity: i + 1 }))
    for (let max = 1; max <= 80; max++) {
      const list = formatOrderList(items, { maxLength: max })
      expect(list.length).toBeLessThanOrEqual(max)
      expect(list).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/)
    }
  })
})

describe("flattenEntityMacros", () => {
  const customer = {
    id: "cus_1",
    firstName: "Olena",
    last_name: "Kovalenko",
    has_account: true,
    created_at: new Date("2026-01-02T03:04:05.000Z"),
    password_hash: "secret!",
    reset_token: "tok",
    tags: ["vip", "wholesale"],
    addresses: [{ city: "Kyiv" }],
    address: { city: "Kyiv", postal_code: "01001", geo: { lat: 50.45 } },
    balance: { numeric: 12.5 },
    metadata: null,
  }

  it("turns every scalar field into an upper-case dotted macro", () => {
    const { macros, variables } = flattenEntityMacros(customer, "CUSTOMER")
    expect(macros).toEqual([
      "CUSTOMER.ID",
      "CUSTOMER.FIRST_NAME",
      "CUSTOMER.LAST_NAME",
      "CUSTOMER.HAS_ACCOUNT",
      "CUSTOMER.CREATED_AT",
      "CUSTOMER.TAGS",
      "CUSTOMER.ADDRESS.CITY",
      "CUSTOMER.ADDRESS.POSTAL_CODE",
      "CUSTOMER.ADDRESS.GEO.LAT",
      "CUSTOMER.BALANCE",
      "CUSTOMER.METADATA",
    ])
    expect(variables).toEqual({
      CUSTOMER: {
        ID: "cus_1",
        FIRST_NAME: "Olena",
        LAST_NAME: "Kovalenko",
        HAS_ACCOUNT: true,
        CREATED_AT: "2026-01-02T03:04:05.000Z",
        TAGS: "vip, wholesale",
        ADDRESS: { CITY: "Kyiv", POSTAL_CODE: "01001", GEO: { LAT: 50.45 } },
        BALANCE: 12.5,
        METADATA: "",
      },
    })
  })

  it("renders #CUSTOMER.FIRST_NAME# style macros", () => {
    const { variables } = flattenEntityMacros(customer, "CUSTOMER")
    expect(renderTemplateSync("Hi #CUSTOMER.FIRST_NAME# (#CUSTOMER.ADDRESS.CITY#)", variables)).toBe("Hi Olena (Kyiv)")
  })

  it("never exposes secrets", () => {
    const { macros } = flattenEntityMacros(
      { password: "x", api_key: "y", otpCode: "1", secret: "z", nested: { token: "t", ok: 1 } },
      "USER"
    )
    expect(macros).toEqual(["USER.NESTED.OK"])
  })

  it("stops at cycles and at the depth limit", () => {
    const a: Record<string, unknown> = { name: "a" }
    a.self = a
    a.deep = { l2: { l3: { l4: { l5: "too deep" } } } }
    const { macros } = flattenEntityMacros(a, "A")
    expect(macros).toEqual(["A.NAME"])
    expect(flattenEntityMacros(a, "A", { maxDepth: 5 }).macros).toContain("A.DEEP.L2.L3.L4.L5")
  })

  it("supports dotted prefixes and merging", () => {
    const shipping = flattenEntityMacros({ city: "Lviv" }, "ORDER.SHIPPING")
    const billing = flattenEntityMacros({ city: "Odesa" }, "ORDER.BILLING")
    const merged = mergeEntityVariables(mergeEntityVariables({}, shipping.variables), billing.variables)
    expect(renderTemplateSync("#ORDER.SHIPPING.CITY#/#ORDER.BILLING.CITY#", merged)).toBe("Lviv/Odesa")
    expect(() => flattenEntityMacros({}, "9x")).toThrow(/Invalid macro prefix/)
    expect(toMacroSegment("firstName")).toBe("FIRST_NAME")
    expect(toMacroSegment("first-name")).toBe("FIRST_NAME")
    expect(toMacroSegment("123")).toBe("")
  })
})

describe("sampleContextForEvent", () => {
  it.each(SUPPORTED_EVENTS)("gives %s a value for each of its macros", (event) => {
    const variables = buildMacroVariables(sampleContextForEvent(event))
    const empty = EVENT_CATALOGUE[event].macros.filter((name) => {
      const value = variables[name]
      return value === "" || (Array.isArray(value) && value.length === 0)
    })
    // a cancellation reason only exists on canceled orders
    expect(empty.filter((name) => name !== "ORDER_CANCEL_DESCRIPTION")).toEqual([])
  })
})
