import { AUDIENCES } from "../../types"
import { EVENT_CATALOGUE, MACRO_DEFINITIONS, SUPPORTED_EVENTS, macrosForEvent } from "../catalogue"

describe("EVENT_CATALOGUE", () => {
  it("covers every supported Medusa event and the manual pseudo-event", () => {
    expect(Object.keys(EVENT_CATALOGUE).sort()).toEqual([...SUPPORTED_EVENTS].sort())
    expect(SUPPORTED_EVENTS).toEqual(
      expect.arrayContaining([
        "order.placed",
        "shipment.created",
        "order-edit.requested",
        "auth.password_reset",
        "manual",
      ])
    )
  })

  it("describes every macro it lists, and lists only real audiences", () => {
    for (const definition of Object.values(EVENT_CATALOGUE)) {
      expect(definition.label).not.toBe("")
      expect(definition.audiences.length).toBeGreaterThan(0)
      for (const audience of definition.audiences) expect(AUDIENCES).toContain(audience)
      for (const macro of definition.macros) {
        expect(MACRO_DEFINITIONS[macro].description.length).toBeGreaterThan(10)
      }
    }
  })

  it("offers the BSG macro set on order events", () => {
    const names = macrosForEvent("order.placed").map((m) => m.name)
    for (const bsg of [
      "ORDER_ID",
      "ORDER_DATE",
      "CONTACT_PERSON",
      "PRICE",
      "PHONE_TO",
      "ORDER_LIST",
      "DEFAULT_EMAIL_FROM",
      "SITE_NAME",
      "SERVER_NAME",
      "STATUS_NAME",
      "items",
    ]) {
      expect(names).toContain(bsg)
    }
    expect(names).not.toContain("TRACKING_NUMBER")
  })

  it("adds event-specific macros", () => {
    const names = (event: string) => macrosForEvent(event).map((m) => m.name)
    expect(names("order.canceled")).toContain("ORDER_CANCEL_DESCRIPTION")
    expect(names("shipment.created")).toEqual(expect.arrayContaining(["TRACKING_NUMBER", "TRACKING_URL", "CARRIER"]))
    expect(names("payment.captured")).toContain("PAYMENT_AMOUNT")
    expect(names("payment.refunded")).toContain("REFUND_AMOUNT")
    expect(names("order.return_received")).toEqual(expect.arrayContaining(["RETURN_ID", "REFUND_AMOUNT"]))
    expect(names("auth.password_reset")).toContain("RESET_URL")
    expect(names("auth.password_reset")).not.toContain("ORDER_ID")
    expect(names("customer.created")).toEqual(expect.arrayContaining(["CUSTOMER_FIRST_NAME", "CUSTOMER_EMAIL"]))
  })

  it("gives custom events the site macros only", () => {
    expect(macrosForEvent("invite.created").map((m) => m.name)).toEqual([
      "SITE_NAME",
      "SERVER_NAME",
      "DEFAULT_EMAIL_FROM",
    ])
  })

  it("marks only the password reset as critical, and staff audiences on the staff events", () => {
    expect(
      Object.values(EVENT_CATALOGUE)
        .filter((e) => e.critical)
        .map((e) => e.event)
    ).toEqual(["auth.password_reset"])
    expect(EVENT_CATALOGUE["order.placed"].audiences).toEqual(["customer", "admin", "staff"])
    expect(EVENT_CATALOGUE["shipment.created"].audiences).toEqual(["customer", "admin", "staff"])
    expect(EVENT_CATALOGUE["order.updated"].audiences).toEqual(["customer"])
  })
})
