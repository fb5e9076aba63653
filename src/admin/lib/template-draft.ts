import type { EventInfo } from "../../types/messaging"

/** A template as the editor edits it: a stored one (with id and code) or a new one. */
export interface TemplateDraft {
  id?: string
  code?: string
  event_name: string
  audience: string
  channel: string
  sales_channel_id: string | null
  locale: string
  subject: string | null
  body: string
  enabled: boolean
  critical: boolean
  is_default?: boolean
}

/** A new template draft for an event (its first audience, SMS, all sites, English). */
export function newDraft(event: EventInfo | undefined, overrides: Partial<TemplateDraft> = {}): TemplateDraft {
  return {
    event_name: event?.event ?? "manual",
    audience: event?.audiences[0] ?? "customer",
    channel: "sms",
    sales_channel_id: null,
    locale: "en",
    subject: null,
    body: "",
    enabled: true,
    critical: event?.critical ?? false,
    ...overrides,
  }
}
