/**
 * What the module hands every adapter (HTTP or SMTP): the exchange log hook, a clock,
 * a sleep for in-call waits, and the allowed-hosts policy.
 */
import type { ProviderType } from "../types"
import type { HostPolicy } from "./allowed-hosts"

export interface ExchangeEntry {
  provider: ProviderType
  /** What the adapter was doing: "send", "status", "balance", "lookup", "probe", … */
  operation: string
  method: string
  /** Full URL, secrets masked (the Telegram bot token sits in the path). */
  url: string
  request_summary: unknown
  /** HTTP status, null when no response arrived. */
  status: number | null
  response_summary: unknown
  duration_ms: number
  error?: string
}

export interface ProviderHooks {
  /** Called once per HTTP request (and per SMTP sendMail) with masked summaries. */
  onExchange?: (entry: ExchangeEntry) => void
  /**
   * Whether `onExchange` wants entries right now (e.g. the debug log is on). When it
   * returns false no summary is built or masked: that work is skipped on the hot path.
   */
  wantsExchange?: () => boolean
  /** Clock for time-dependent adapters (sandbox delivery); defaults to Date.now. */
  now?: () => number
  /** Waits used for in-call retries (Telegram retry_after); defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>
  /** Where requests may go (allowed_hosts); checked before each request and at connect. */
  hostPolicy?: HostPolicy
}

/** Hand an entry to the log hook; a broken hook must not break sending. */
export function reportExchange(hooks: ProviderHooks | undefined, build: () => ExchangeEntry): void {
  const hook = hooks?.onExchange
  if (!hook || hooks?.wantsExchange?.() === false) return
  const entry = build()
  try {
    hook(entry)
  } catch {
    // logging must not break sending
  }
}
