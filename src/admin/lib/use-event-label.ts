import { useTranslation } from "react-i18next"
import type { EventInfo } from "../../types/messaging"

/**
 * An event's name in the admin's language: built-in events are translated, others
 * (custom rules) fall back to the catalogue label or the event name itself.
 */
export function useEventLabel(events: EventInfo[] = []) {
  const { t } = useTranslation()
  return (name: string | null | undefined): string => {
    if (!name) return "—"
    const fallback = events.find((e) => e.event === name)?.label ?? name
    return t(`messaging.events.${name}`, { defaultValue: fallback })
  }
}
