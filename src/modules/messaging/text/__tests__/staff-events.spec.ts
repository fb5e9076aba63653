/**
 * The staff event picker offers an event only when something can go to staff for it:
 * every event whose catalogue audiences include staff has admin SMS and staff e-mail and
 * Telegram defaults in en/ru/uk, and the picker offers exactly those.
 */
import { staffPickerEvents } from "../../../../admin/lib/staff-events"
import type { EventInfo } from "../../../../admin/lib/types"
import { DEFAULT_TEMPLATE_LOCALES, STAFF_EVENTS, findDefaultTemplate } from "../default-templates"
import { EVENT_CATALOGUE } from "../../events/catalogue"
import { buildMacroVariables, sampleContextForEvent } from "../macros"
import { renderTemplateSync } from "../render"

const NEW_STAFF_EVENTS = ["customer.created", "shipment.created", "delivery.created", "order.completed"] as const

describe("staff events", () => {
  it("registration, shipped, delivered and completed have admin and staff templates in en/ru/uk", () => {
    for (const event of NEW_STAFF_EVENTS) {
      expect(STAFF_EVENTS).toContain(event)
      for (const locale of DEFAULT_TEMPLATE_LOCALES) {
        expect(findDefaultTemplate(event, "admin", "sms", locale)?.code).toBe(
          `BW_${event.toUpperCase().replace(/[.-]/g, "_")}_ADMIN`
        )
        expect(findDefaultTemplate(event, "staff", "email", locale)?.locale).toBe(locale)
        expect(findDefaultTemplate(event, "staff", "telegram", locale)?.locale).toBe(locale)
      }
    }
  })

  it("the catalogue offers staff templates exactly for the events that have staff defaults", () => {
    const withStaff = Object.values(EVENT_CATALOGUE)
      .filter((e) => e.audiences.includes("staff"))
      .map((e) => e.event)
      .sort()
    expect(withStaff).toEqual([...STAFF_EVENTS].sort())
  })

  it("the new staff texts render with the event's sample data (no order lines for a registration)", () => {
    for (const event of NEW_STAFF_EVENTS) {
      const vars = buildMacroVariables(sampleContextForEvent(event, { locale: "en-US" }) as any)
      const mail = findDefaultTemplate(event, "staff", "email", "en")!
      const text = renderTemplateSync(mail.body, vars)
      expect(text).not.toMatch(/#[A-Z_]+#/)
      if (event === "customer.created") expect(text).not.toContain("Total")
      expect(renderTemplateSync(findDefaultTemplate(event, "admin", "sms", "en")!.body, vars).trim()).not.toBe("")
    }
  })

  it("the picker offers only events that can send to staff, plus those a profile already has", () => {
    const info = (event: string, staff: boolean): EventInfo =>
      ({ event, label: event, description: "", audiences: [], staff }) as unknown as EventInfo
    const events = [
      info("order.placed", true),
      info("order.updated", false),
      info("auth.password_reset", false),
      info("manual", false),
    ]
    expect(staffPickerEvents(events).map((e) => e.event)).toEqual(["order.placed"])
    expect(staffPickerEvents(events, ["order.updated"]).map((e) => e.event)).toEqual(["order.placed", "order.updated"])
  })
})
