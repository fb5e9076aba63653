import { pickTemplate, planEventMessages } from "../plan-event"
import { site, staff, template } from "./fixtures"

const order = {
  id: "order_1",
  display_id: 1042,
  currency_code: "uah",
  total: 1100,
  items: [{ title: "T-Shirt", quantity: 2, unit_price: 550, total: 1100 }],
}
const base = {
  event_name: "order.placed",
  resource_id: "order_1",
  order_id: "order_1",
  context: { order },
  customer_phones: [{ phone: null }, { phone: "0671234567", country: "ua" }],
}
const noOptOuts = { isOptedOut: () => false }
const now = new Date("2026-06-10T12:00:00Z")

describe("pickTemplate", () => {
  it("prefers the site's own template, then the site locale, then English", () => {
    const list = [
      template({ locale: "en", body: "global en" }),
      template({ locale: "uk", body: "global uk" }),
      template({ locale: "en", body: "site en", sales_channel_id: "sc_kyiv" }),
      template({ locale: "en", body: "other site", sales_channel_id: "sc_other" }),
    ]
    expect(pickTemplate(list, site({ locale: "uk" }), "customer", "sms")?.body).toBe("site en")
    expect(pickTemplate(list.slice(0, 2), site({ locale: "uk" }), "customer", "sms")?.body).toBe("global uk")
    expect(pickTemplate(list.slice(0, 2), site({ locale: "de" }), "customer", "sms")?.body).toBe("global en")
    expect(pickTemplate([template({ enabled: false })], site(), "customer", "sms")).toBeNull()
  })
})

describe("planEventMessages", () => {
  const templates = [
    template({}),
    template({ code: "BW_ORDER_PLACED_ADMIN", audience: "admin", body: "New order #ORDER_ID#" }),
    template({
      code: "BW_ORDER_PLACED_STAFF_EMAIL",
      audience: "staff",
      channel: "email",
      subject: "Order #ORDER_ID#",
      body: "{% for item in items %}{{ item.title }} x{{ item.quantity }}{% endfor %}",
    }),
    template({
      code: "BW_ORDER_PLACED_STAFF_TELEGRAM",
      audience: "staff",
      channel: "telegram",
      body: "Order #ORDER_ID#",
    }),
  ]

  it("customer (first valid phone), admin copies and staff profiles, each rendered", () => {
    const rows = planEventMessages(base, {
      site: site(),
      templates,
      staff: [staff({ email: "ops@shop.test", telegram_chat_id: "-1001234567890" })],
      optOuts: noOptOuts,
      now,
    })
    expect(rows.map((r) => [r.audience, r.channel, r.recipient, r.body])).toEqual([
      ["customer", "sms", "+380671234567", "Order 1042 placed"],
      ["admin", "sms", "+380501112233", "New order 1042"],
      ["staff", "email", "ops@shop.test", "T-Shirt x2"],
      ["staff", "telegram", "-1001234567890", "Order 1042"],
    ])
    expect(rows[2].subject).toBe("Order 1042")
    expect(new Set(rows.map((r) => r.idempotency_key)).size).toBe(4)
  })

  it("no_notification drops the customer message only", () => {
    const rows = planEventMessages(
      { ...base, no_notification: true },
      { site: site(), templates, staff: [], optOuts: noOptOuts, now }
    )
    expect(rows.map((r) => r.audience)).toEqual(["admin"])
  })

  it("staff profiles get only their events and their sales channel", () => {
    const rows = planEventMessages(base, {
      site: site(),
      templates,
      staff: [
        staff({ id: "a", email: "a@shop.test", events: ["order.canceled"] }),
        staff({ id: "b", email: "b@shop.test", sales_channel_id: "sc_other" }),
        staff({ id: "c", email: "c@shop.test", sales_channel_id: "sc_kyiv" }),
        staff({ id: "d", email: "d@shop.test", enabled: false }),
      ],
      optOuts: noOptOuts,
      now,
    })
    expect(rows.filter((r) => r.audience === "staff").map((r) => r.recipient)).toEqual(["c@shop.test"])
  })

  it("a custom rule's staff profiles get its staff texts whatever events they picked (still enabled and in their sales channel)", () => {
    const rows = planEventMessages(
      { ...base, staff_profile_ids: ["a", "b", "d"] },
      {
        site: site(),
        templates,
        staff: [
          staff({ id: "a", email: "a@shop.test", events: [] }),
          staff({ id: "b", email: "b@shop.test", sales_channel_id: "sc_other" }),
          staff({ id: "c", email: "c@shop.test", events: ["order.placed"] }),
          staff({ id: "d", email: "d@shop.test", enabled: false }),
        ],
        optOuts: noOptOuts,
        now,
      }
    )
    expect(rows.filter((r) => r.audience === "staff").map((r) => r.recipient)).toEqual(["a@shop.test"])
  })

  it("a customer without a usable phone is a skipped row with the reason, not silence", () => {
    const rows = planEventMessages(
      { ...base, customer_phones: [{ phone: null }] },
      { site: site({ admin_phones: [] }), templates, staff: [], optOuts: noOptOuts, now }
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ audience: "customer", status: "skipped", error_code: "no_phone" })
  })

  it("a template that cannot render is a skipped row naming the template", () => {
    const broken = [template({ body: "{% for x in items %}" })]
    const [row] = planEventMessages(base, {
      site: site({ admin_phones: [] }),
      templates: broken,
      staff: [],
      optOuts: noOptOuts,
      now,
    })
    expect(row).toMatchObject({ status: "skipped", error_code: "template_error" })
    expect(row.error).toContain("BW_ORDER_PLACED_CUSTOMER")
  })

  it("Viber and Omni sites use a viber template when there is one", () => {
    const rows = planEventMessages(base, {
      site: site({ delivery_mode: "omni", admin_phones: [] }),
      templates: [...templates, template({ channel: "viber", body: "Viber: #ORDER_ID#" })],
      staff: [],
      optOuts: noOptOuts,
      now,
    })
    expect(rows.map((r) => [r.channel, r.body])).toEqual([["omni", "Viber: 1042"]])
  })
})

describe("per site switches", () => {
  const templates = [
    template({}),
    template({ code: "BW_ORDER_PLACED_ADMIN", audience: "admin", body: "New order #ORDER_ID#" }),
  ]
  const deps = { templates, staff: [staff({ email: "ops@shop.test" })], optOuts: noOptOuts, now }

  it("a site switched off sends nothing for its events: no customer, admin or staff copies", () => {
    expect(planEventMessages(base, { ...deps, site: site({ enabled: false }) })).toEqual([])
    expect(planEventMessages(base, { ...deps, site: site() }).length).toBeGreaterThan(0)
  })

  it("an event switched off for the site sends nothing; other events still go", () => {
    const off = site({ disabled_events: ["order.placed"] })
    expect(planEventMessages(base, { ...deps, site: off })).toEqual([])
    const canceled = { ...base, event_name: "order.canceled" }
    const cancelTemplates = [
      template({ code: "BW_ORDER_CANCELED_CUSTOMER", event_name: "order.canceled", body: "Canceled" }),
    ]
    expect(planEventMessages(canceled, { ...deps, templates: cancelTemplates, site: off }).map((r) => r.body)).toEqual([
      "Canceled",
    ])
  })

  it("a site's own template switched off sends nothing for that audience; it does not fall back to the global one", () => {
    const list = [template({ body: "global" }), template({ body: "site", sales_channel_id: "sc_kyiv", enabled: false })]
    expect(pickTemplate(list, site(), "customer", "sms")).toBeNull()
    // another site without its own template still gets the global one
    expect(pickTemplate(list, site({ sales_channel_id: "sc_lviv" }), "customer", "sms")?.body).toBe("global")
    const rows = planEventMessages(base, { ...deps, templates: [...list, templates[1]], site: site() })
    expect(rows.map((r) => r.audience)).toEqual(["admin"])
  })

  it("the site decides where the customer's phone is read and whether to fall back", () => {
    const phones = {
      ...base,
      customer_phones: [
        { source: "shipping" as const, phone: "044 123 45 67", country: "UA" }, // landline
        { source: "billing" as const, phone: "050 111 22 33", country: "UA" },
        { source: "customer" as const, phone: "067 123 45 67", country: "UA" },
      ],
    }
    const customerRow = (over: Parameters<typeof site>[0]) =>
      planEventMessages(phones, { ...deps, staff: [], site: site({ admin_phones: [], ...over }) })[0]
    expect(customerRow({}).recipient).toBe("+380501112233")
    expect(customerRow({ phone_sources: ["customer", "billing", "shipping"] }).recipient).toBe("+380671234567")
    const strict = customerRow({ phone_fallback: false })
    expect(strict).toMatchObject({ status: "skipped", error_code: "phone_not_mobile" })
  })

  it("UA trunk habit: 8 067… is +38067… unless the site turns it off", () => {
    const trunk = { ...base, customer_phones: [{ source: "shipping" as const, phone: "8 067 123 45 67" }] }
    const on = planEventMessages(trunk, { ...deps, staff: [], site: site({ admin_phones: [] }) })[0]
    expect(on.recipient).toBe("+380671234567")
    const off = planEventMessages(trunk, {
      ...deps,
      staff: [],
      site: site({ admin_phones: [], ua_trunk_prefix: false }),
    })[0]
    expect(off.status).toBe("skipped")
  })
})
