import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { STAFF_EVENTS } from "../../../../modules/messaging/text"
import { EVENT_CATALOGUE, macrosForEvent } from "../../../../modules/messaging/events/catalogue"

/**
 * GET /admin/messaging/events — every event with its label, audiences and the macros
 * its templates may use (name, description, example), for the editor's macro list.
 */
export async function GET(_req: MedusaRequest, res: MedusaResponse) {
  const events = Object.values(EVENT_CATALOGUE).map((e) => ({
    event: e.event,
    label: e.label,
    description: e.description,
    audiences: e.audiences,
    critical: e.critical,
    staff: (STAFF_EVENTS as readonly string[]).includes(e.event),
    macros: macrosForEvent(e.event),
  }))
  res.json({ events, custom_event_macros: macrosForEvent("custom") })
}
