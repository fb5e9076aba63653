/**
 * Shapes of the /admin/messaging API, shared by the server and the admin.
 *
 * Rows come from the DML models (`InferTypeOf`), as they arrive in JSON: dates are ISO strings.
 * The admin imports this module with `import type` only (the bundle erases it), so nothing here
 * may be a value.
 */
import type { IDmlEntity, InferTypeOf } from "@medusajs/framework/types"
import type {
  MessagingAuditEntry,
  MessagingCampaign,
  MessagingCustomRule,
  MessagingDebugLog,
  MessagingGeneralSetting,
  MessagingMessage,
  MessagingMessageEvent,
  MessagingOptOut,
  MessagingProviderAccount,
  MessagingSender,
  MessagingSite,
  MessagingStaffProfile,
  MessagingTemplate,
} from "../modules/messaging/models"

type JsonValue<V> = V extends Date ? string : V

/** A model row as the API sends it: `Date` fields become ISO strings. */
export type Serialized<T> = { [K in keyof T]: JsonValue<T[K]> }

/** A model's row in JSON, without the soft-delete column. */
type Row<M extends IDmlEntity<any, any>> = Omit<Serialized<InferTypeOf<M>>, "deleted_at">

/** What a form edits: a row without the columns the server sets. */
export type Draft<T> = Omit<T, "id" | "created_at" | "updated_at">

export type Message = Row<typeof MessagingMessage>
export type MessageEvent = Row<typeof MessagingMessageEvent>
export type Template = Row<typeof MessagingTemplate>
export type Sender = Row<typeof MessagingSender>
export type StaffProfile = Row<typeof MessagingStaffProfile>
export type OptOut = Row<typeof MessagingOptOut>
export type DebugEntry = Row<typeof MessagingDebugLog>
export type Site = Row<typeof MessagingSite>
export type GeneralSettings = Row<typeof MessagingGeneralSetting>
export type Rule = Row<typeof MessagingCustomRule>
export type AuditEntry = Row<typeof MessagingAuditEntry>

/** A provider account with its secrets masked (`****1234`). */
export type Account = Row<typeof MessagingProviderAccount> & { credentials: Record<string, string> }

/** A campaign with its messages counted by status and when the next waiting one is due. */
export type Campaign = Row<typeof MessagingCampaign> & {
  progress: Record<string, number>
  /** When the next waiting message is due (quiet hours, a start time, the rate). */
  next_send_at: string | null
}

/** A provider type the admin can add: its credential and config fields, channels, features. */
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

/** How a text splits into SMS parts. */
export interface Counter {
  characters: number
  encoding: "GSM-7" | "UCS-2"
  parts: number
  per_part: number
  characters_left_in_part: number
  non_gsm_characters: string[]
  transliteration: { parts: number; encoding: string; characters: number; saved_parts: number }
}

/** A template checked: syntax errors and macros the event does not have. */
export interface Validation {
  ok: boolean
  errors: { message: string; line: number; column: number }[]
  unknown_macros: string[]
  allowed_macros: string[]
}

export interface DayStat {
  day: string
  total: number
  sent: number
  delivered: number
  failed: number
  cost: number
}

/** One account's balance as GET /balances answers. */
export interface Balance {
  id: string
  name: string
  type: string
  enabled: boolean
  supported: boolean
  amount: number | null
  currency: string | null
  credit_limit: number | null
  checked_at: string | null
  health_status: string
  last_error: string | null
}

/** A campaign's dry run: who gets it, how many parts, what it costs, when it starts. */
export interface CampaignPlan {
  text: string
  recipients: number
  found: number
  invalid: number
  missing_phone: number
  duplicates: number
  opted_out: number
  parts_per_message: number
  estimated_parts: number
  estimated_cost: number | null
  currency: string | null
  cost_basis: string | null
  quiet_hours: {
    enabled: boolean
    start: string
    end: string
    time_zone: string
    source: "site" | "marketing"
    waits_until: string | null
  }
}
