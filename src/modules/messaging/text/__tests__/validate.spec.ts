import { macrosForEvent } from "../../events/catalogue"
import { validateTemplate } from "../validate"

const placed = { event: "order.placed", audience: "customer" as const }

describe("validateTemplate", () => {
  it("accepts a valid template and lists the event's macros", () => {
    const result = validateTemplate(
      "Order #ORDER_ID#: {% for item in items %}{{ item.quantity }}x {{ item.title }}{% unless forloop.last %}, {% endunless %}{% endfor %} = {{ PRICE }}",
      placed
    )
    expect(result).toEqual({
      ok: true,
      errors: [],
      unknownMacros: [],
      allowedMacros: macrosForEvent("order.placed").map((m) => m.name),
    })
  })

  it("reports syntax errors at the admin's line and column", () => {
    const result = validateTemplate("Hi #CONTACT_PERSON#!\nOrder #ORDER_ID# {% if PRICE %}costs #PRICE#", placed)
    expect(result.ok).toBe(false)
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0]).toMatchObject({ line: 2, column: 18 })
    expect(result.errors[0].message).toMatch(/not closed/)
  })

  it("reports unknown filters as syntax errors", () => {
    const result = validateTemplate("#ORDER_ID# {{ PRICE | nosuch }}", placed)
    expect(result.errors).toEqual([{ message: "Syntax error: undefined filter: nosuch", line: 1, column: 12 }])
  })

  it("lists unknown #MACROS# and {{ variables }} with their positions", () => {
    const result = validateTemplate("#ORDER_ID# #TRAKING#\n{{ FOO }} {{ FOO.BAR }} {% if BAZ %}x{% endif %}", placed)
    expect(result.ok).toBe(false)
    expect(result.unknownMacros).toEqual(["TRAKING", "FOO", "FOO.BAR", "BAZ"])
    expect(result.errors).toEqual([
      { message: 'Unknown macro "TRAKING" for event order.placed', line: 1, column: 12 },
      { message: 'Unknown macro "FOO" for event order.placed', line: 2, column: 4 },
      { message: 'Unknown macro "FOO.BAR" for event order.placed', line: 2, column: 14 },
      { message: 'Unknown macro "BAZ" for event order.placed', line: 2, column: 31 },
    ])
    expect(result.allowedMacros).toContain("ORDER_ID")
  })

  it("does not flag loop variables, forloop, assigns or captures", () => {
    const body =
      "{% assign greeting = 'Hi' %}{% capture tail %}#SITE_NAME#{% endcapture %}{{ greeting }} " +
      "{% for item in items %}{{ item.title }}{{ forloop.index }}{% endfor %}{{ tail }} {{ items.size }} {{ items.first.title }}"
    expect(validateTemplate(body, placed)).toMatchObject({ ok: true, unknownMacros: [] })
  })

  it("flags macros that exist but not for this event", () => {
    const result = validateTemplate("Tracking #TRACKING_NUMBER#", placed)
    expect(result.unknownMacros).toEqual(["TRACKING_NUMBER"])
    expect(validateTemplate("Tracking #TRACKING_NUMBER#", { event: "shipment.created", audience: "customer" }).ok).toBe(
      true
    )
  })

  it("accepts entity macros passed as extraMacros (custom rules)", () => {
    const options = {
      event: "invite.created",
      audience: "customer" as const,
      extraMacros: ["CUSTOMER.FIRST_NAME", "CUSTOMER.ADDRESS.CITY"],
    }
    expect(
      validateTemplate("Hi #CUSTOMER.FIRST_NAME# from #CUSTOMER.ADDRESS.CITY# at #SITE_NAME#", options)
    ).toMatchObject({
      ok: true,
      allowedMacros: ["SITE_NAME", "SERVER_NAME", "DEFAULT_EMAIL_FROM", "CUSTOMER.FIRST_NAME", "CUSTOMER.ADDRESS.CITY"],
    })
    expect(validateTemplate("{% if CUSTOMER %}Hi #CUSTOMER.NAME#{% endif %}", options).unknownMacros).toEqual([
      "CUSTOMER.NAME",
    ])
    expect(validateTemplate("Order #ORDER_ID#", options).unknownMacros).toEqual(["ORDER_ID"])
  })

  it("still reports unknown #MACROS# when the syntax is broken", () => {
    const result = validateTemplate("#NOPE# {% if %}", placed)
    expect(result.unknownMacros).toEqual(["NOPE"])
    expect(result.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^Syntax error/),
      'Unknown macro "NOPE" for event order.placed',
    ])
  })

  it("refuses customer templates that render empty with the sample data", () => {
    const body = '{% if ORDER_ID == "0" %}Order #ORDER_ID#{% endif %}  \n'
    const customer = validateTemplate(body, { event: "order.placed", audience: "customer" })
    expect(customer).toMatchObject({ ok: false, unknownMacros: [] })
    expect(customer.errors).toEqual([
      {
        message: "The text is empty with the sample data for order.placed: the customer would get an empty message",
        line: 1,
        column: 1,
      },
    ])
    expect(validateTemplate(body, { event: "order.placed", audience: "admin" })).toMatchObject({ ok: true, errors: [] })
    const reason = "{% if ORDER_CANCEL_DESCRIPTION %}Reason: #ORDER_CANCEL_DESCRIPTION#{% endif %}"
    expect(validateTemplate(reason, { event: "order.canceled", audience: "customer" }).ok).toBe(true)
    expect(validateTemplate("{% if false %}x{% endif %}", { event: "order.placed", audience: "staff" }).ok).toBe(true)
    expect(validateTemplate("{% if false %}x{% endif %}", { event: "order.placed", audience: "customer" }).ok).toBe(
      false
    )
  })

  it("reports render errors found with the sample data", () => {
    const result = validateTemplate("{% for i in (1..100000000) %}#ORDER_ID#{% endfor %}", {
      event: "order.placed",
      audience: "admin",
    })
    expect(result.ok).toBe(false)
    expect(result.errors[0].message).toMatch(/^Template stopped/)
  })
})
