/** Shapes of the /admin/messaging responses the screens use. */

export interface AccountType {
  type: string
  label: string
  credentials: { name: string; required: boolean; secret: boolean }[]
  config: { name: string; kind: "text" | "number" | "boolean"; required: boolean }[]
  channels: string[]
  balance: boolean
  /** How replies arrive: webhook, polled, or not at all. */
  inbound?: "webhook" | "poll" | "none"
}

export interface Account {
  id: string
  key: string | null
  name: string
  type: string
  credentials: Record<string, string>
  config: Record<string, unknown>
  base_url: string | null
  priority: number
  enabled: boolean
  channels: string[]
  source: "options" | "admin"
  health_status: "healthy" | "unhealthy"
  last_error: string | null
  balance_amount: number | null
  balance_currency: string | null
  credit_limit: number | null
  balance_checked_at: string | null
}

export interface GeneralSettings {
  id: string
  alert_email: string | null
  default_time_zone: string
  low_balance_threshold: number | null
  debug_enabled: boolean
  debug_retention_days: number
  failure_threshold: number
  max_attempts: number
  public_url: string | null
}

export interface Site {
  id: string
  sales_channel_id: string | null
  name: string
  url: string | null
  locale: string
  email_from: string | null
  delivery_mode: string
  sms_sender: string | null
  viber_sender: string | null
  time_zone: string
  quiet_hours_enabled: boolean
  quiet_hours_start: string
  quiet_hours_end: string
  transliterate: boolean
  admin_phones: string[]
  default_region: string | null
  omni_fallback_seconds: number
  transactional_ignores_opt_out: boolean
  enabled: boolean
  disabled_events: string[]
  phone_sources: string[]
  phone_fallback: boolean
  ua_trunk_prefix: boolean
  optout_keywords: string[]
  optin_keywords: string[]
}

export interface SalesChannel {
  id: string
  name: string
  description: string | null
  is_disabled: boolean
}

export interface Macro {
  name: string
  description: string
  example: string
  kind: "text" | "list"
}

export interface EventInfo {
  event: string
  label: string
  description: string
  audiences: string[]
  critical: boolean
  staff: boolean
  macros: Macro[]
}

export interface Template {
  id: string
  code: string
  event_name: string
  audience: string
  channel: string
  sales_channel_id: string | null
  locale: string
  subject: string | null
  body: string
  enabled: boolean
  critical: boolean
  is_default: boolean
}

export interface Counter {
  characters: number
  encoding: "GSM-7" | "UCS-2"
  parts: number
  per_part: number
  characters_left_in_part: number
  non_gsm_characters: string[]
  transliteration: { parts: number; encoding: string; characters: number; saved_parts: number }
}

export interface Validation {
  ok: boolean
  errors: { message: string; line: number; column: number }[]
  unknown_macros: string[]
  allowed_macros: string[]
}

export interface Message {
  id: string
  direction: "outbound" | "inbound"
  channel: string
  recipient: string
  audience: string | null
  subject: string | null
  body: string
  sender: string | null
  encoding: string | null
  segments: number | null
  sales_channel_id: string | null
  event_name: string | null
  template_code: string | null
  order_id: string | null
  customer_id: string | null
  campaign_id: string | null
  status: string
  error: string | null
  error_code: string | null
  critical: boolean
  attempts: number
  next_attempt_at: string | null
  provider_type: string | null
  provider_account_id: string | null
  provider_message_id: string | null
  cost: number | null
  currency: string | null
  sent_at: string | null
  delivered_at: string | null
  parent_id: string | null
  /** `text_removed_at`: the text was removed (message_retention_days, a deleted customer). */
  metadata?: Record<string, unknown> | null
  created_at: string
}

export interface MessageEvent {
  id: string
  status: string
  raw_status: string | null
  raw_code: string | null
  source: string
  note: string | null
  occurred_at: string
}

export interface DayStat {
  day: string
  total: number
  sent: number
  delivered: number
  failed: number
  cost: number
}

export interface Rule {
  id: string
  name: string
  event_name: string
  entity: string
  id_field: string
  phone_source: string
  customer_text: string | null
  admin_text: string | null
  sales_channel_id: string | null
  critical: boolean
  enabled: boolean
  /** Staff profiles that get the admin text by e-mail/Telegram. */
  staff_profile_ids?: string[]
}

export interface Sender {
  id: string
  provider_account_id: string
  channel: "sms" | "viber"
  name: string
  status: string
  note: string | null
}

export interface StaffProfile {
  id: string
  name: string
  email: string | null
  telegram_chat_id: string | null
  events: string[]
  sales_channel_id: string | null
  locale: string
  enabled: boolean
}

export interface Campaign {
  id: string
  name: string
  channel: string
  status: string
  body: string
  total: number
  skipped: number
  estimated_parts: number
  rate_per_second: number
  started_at: string | null
  finished_at: string | null
  created_at: string
  progress: Record<string, number>
  /** When the next waiting message is due (quiet hours, a start time, the rate). */
  next_send_at: string | null
}

export interface OptOut {
  id: string
  phone: string
  channel: string
  source: string
  note: string | null
  created_at: string
}

export interface DebugEntry {
  id: string
  provider_account_id: string | null
  provider_type: string
  operation: string
  method: string | null
  url: string | null
  request: string | null
  status_code: number | null
  response: string | null
  duration_ms: number | null
  error: string | null
  created_at: string
}
