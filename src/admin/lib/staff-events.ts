import type { EventInfo } from "../../types/messaging"

/**
 * The events a staff profile can pick: those with staff templates (the API's `staff`
 * flag), plus any the profile already has, so saving never drops a choice silently.
 */
export function staffPickerEvents(events: EventInfo[], selected: readonly string[] = []): EventInfo[] {
  return events.filter((e) => e.event !== "manual" && (e.staff || selected.includes(e.event)))
}
