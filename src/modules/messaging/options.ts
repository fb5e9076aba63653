/**
 * Plugin options (`plugins: [{ resolve: "medusa-plugin-messaging", options }]`), validated
 * when the module loads. A bad option stops start-up with a message naming it.
 */
import { z } from "@medusajs/framework/zod"
import { DELIVERY_MODES, PROVIDER_TYPES } from "./types"
import { allowedHostEntryProblem } from "./providers/allowed-hosts"
import { accountHostProblems } from "./providers/account-hosts"
import { DEFAULT_TIMEOUT_MS } from "./providers/config"
import { providerClass } from "./providers/registry"
import { LEASE_TO_DEADLINE_RATIO, UNKNOWN_OUTCOMES } from "./dispatch/unknown-outcome"

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM (24-hour)")

export const accountOptionSchema = z
  .object({
    /** Stable key: the account is upserted by it on every start. */
    key: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/i, "letters, digits, - and _ only"),
    name: z.string().min(1).optional(),
    type: z.enum(PROVIDER_TYPES),
    priority: z.number().int().min(0).max(10000).optional(),
    enabled: z.boolean().optional(),
    channels: z.array(z.enum(["sms", "viber", "omni", "telegram", "email"])).optional(),
    base_url: z.url({ protocol: /^https?$/ }).optional(),
    credentials: z.record(z.string(), z.string()).default({}),
    config: z.record(z.string(), z.unknown()).default({}),
  })
  .superRefine((account, ctx) => {
    // the provider class's own schema: its required credentials and settings
    const parsed = providerClass(account.type)?.optionsSchema.safeParse({
      credentials: account.credentials,
      config: account.config,
    })
    for (const issue of parsed?.success === false ? parsed.error.issues : []) {
      const inCredentials = issue.path[0] === "credentials"
      ctx.addIssue({
        code: "custom",
        path: issue.path.map((p) => p as string | number),
        message: inCredentials ? `${issue.message} (required for a ${account.type} account)` : issue.message,
      })
    }
    const config = account.config as Record<string, unknown>
    if (config.unknown_outcome !== undefined && !UNKNOWN_OUTCOMES.includes(config.unknown_outcome as never)) {
      ctx.addIssue({
        code: "custom",
        path: ["config", "unknown_outcome"],
        message: `expected one of ${UNKNOWN_OUTCOMES.map((o) => `"${o}"`).join(", ")}`,
      })
    }
    if (
      config.timeout_ms !== undefined &&
      !(Number.isInteger(config.timeout_ms) && (config.timeout_ms as number) >= 1)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["config", "timeout_ms"],
        message: "expected a whole number of milliseconds ≥ 1 (the hard deadline of one provider request)",
      })
    }
  })

export const pluginOptionsSchema = z
  .object({
    /** Provider accounts declared as code (secrets from env). Also editable in the admin. */
    accounts: z.array(accountOptionSchema).default([]),
    /** Where outage / recovery / low-balance alerts go (can be changed in the admin). */
    alert_email: z.email().optional(),
    /** Public URL of this server, for delivery-report callback URLs. */
    public_url: z.url({ protocol: /^https?$/ }).optional(),
    /** Initial values of the global site settings (first start only; the admin owns them after). */
    defaults: z
      .object({
        site_name: z.string().min(1).optional(),
        site_url: z.url().optional(),
        locale: z
          .string()
          .regex(/^[a-z]{2}(-[A-Z]{2})?$/, "expected a locale like en or uk")
          .optional(),
        time_zone: z.string().refine(isValidTimeZone, "not an IANA time zone (e.g. Europe/Kyiv)").optional(),
        delivery_mode: z.enum(DELIVERY_MODES).optional(),
        sms_sender: z.string().min(1).max(15).optional(),
        viber_sender: z.string().min(1).max(32).optional(),
        admin_phones: z.array(z.string().min(3)).optional(),
        default_region: z
          .string()
          .regex(/^[A-Z]{2}$/, "expected an ISO 3166 alpha-2 code like UA")
          .optional(),
        quiet_hours: z.object({ start: timeOfDay, end: timeOfDay }).optional(),
        transliterate: z.boolean().optional(),
      })
      .default({}),
    /** Install the BW_ default templates on start (never overwrites edits). */
    install_default_templates: z.boolean().default(true),
    dispatch: z
      .object({
        /** Messages claimed per round. */
        batch_size: z.number().int().min(1).max(1000).default(100),
        /**
         * Dispatch rounds one process runs at once: while one round waits for its provider
         * requests, the next claims its batch and the previous writes its results. Requests
         * in flight per account stay capped by the account's `concurrency`.
         */
        rounds_in_flight: z.number().int().min(1).max(8).default(2),
        /** Dispatch right after an enqueue (low latency) in this process. */
        dispatch_on_enqueue: z.boolean().default(true),
        /** Maximum send attempts before a message fails. */
        max_attempts: z.number().int().min(1).max(50).default(8),
        /**
         * The lease of a claim: renewed while its requests are in flight; a message whose
         * lease ran out (its worker stopped) is recovered. Must be at least 3 × every
         * account's request deadline (`config.timeout_ms`, default 10 s).
         */
        stuck_after_ms: z.number().int().min(1000).default(120_000),
        /** Base retry delay; doubles per attempt up to max_retry_delay_ms. */
        retry_base_ms: z.number().int().min(0).default(30_000),
        max_retry_delay_ms: z.number().int().min(0).default(3_600_000),
        /** Consecutive temporary failures before an account is marked unhealthy. */
        failure_threshold: z.number().int().min(1).max(100).default(3),
      })
      .default({
        batch_size: 100,
        rounds_in_flight: 2,
        dispatch_on_enqueue: true,
        max_attempts: 8,
        stuck_after_ms: 120_000,
        retry_base_ms: 30_000,
        max_retry_delay_ms: 3_600_000,
        failure_threshold: 3,
      }),
    /**
     * Hosts accounts may connect to besides each provider's public API host: names,
     * `*.domain`, IP addresses, CIDR ranges. Private, loopback and link-local addresses
     * are refused unless listed here (tests and the demo list 127.0.0.1).
     */
    allowed_hosts: z
      .array(
        z.string().refine((h) => !allowedHostEntryProblem(h), {
          error: (i) => `"${String(i.input)}" ${allowedHostEntryProblem(String(i.input))}`,
        })
      )
      .default([]),
    /** Keep provider request/response summaries this many days. */
    debug_log_retention_days: z.number().int().min(1).max(365).default(14),
    /** Longest an admin may turn on full debug capture (phone numbers and texts unmasked), minutes. */
    debug_full_capture_max_minutes: z.number().int().min(1).max(1440).default(60),
    /** Remove message texts older than this many days (counts, statuses and costs stay); off by default. */
    message_retention_days: z.number().int().min(1).max(3650).nullable().default(null),
  })
  .strict()
  .superRefine((o, ctx) =>
    accountHostProblems(o.accounts, o.allowed_hosts).forEach((p) => ctx.addIssue({ code: "custom", ...p }))
  )
  .superRefine((options, ctx) => {
    // A claim's lease (stuck_after_ms) must outlast every request made under it, with room
    // for renewals: refuse a provider deadline the lease cannot comfortably cover.
    const stuck = options.dispatch.stuck_after_ms
    options.accounts.forEach((account) => {
      const deadline = Number((account.config as Record<string, unknown>).timeout_ms) || DEFAULT_TIMEOUT_MS
      if (stuck < LEASE_TO_DEADLINE_RATIO * deadline) {
        ctx.addIssue({
          code: "custom",
          path: ["dispatch", "stuck_after_ms"],
          message: `${stuck} ms is too short for account "${account.key}", whose requests may take up to ${deadline} ms (config.timeout_ms${
            (account.config as Record<string, unknown>).timeout_ms === undefined ? ", default" : ""
          }): it must be at least ${LEASE_TO_DEADLINE_RATIO} × the longest request deadline (${LEASE_TO_DEADLINE_RATIO * deadline} ms). Raise stuck_after_ms or lower timeout_ms`,
        })
      }
    })
  })

export type MessagingPluginOptions = z.infer<typeof pluginOptionsSchema>
export type AccountOption = z.infer<typeof accountOptionSchema>

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz })
    return true
  } catch {
    return false
  }
}

export class InvalidOptionsError extends Error {
  constructor(public readonly problems: string[]) {
    super(
      `medusa-plugin-messaging: invalid plugin options:\n` +
        problems.map((p) => `  - ${p}`).join("\n") +
        `\nSee the README section "Options".`
    )
    this.name = "InvalidOptionsError"
  }
}

/** Parse raw options; throws InvalidOptionsError naming every bad option (e.g. `accounts[0].credentials.api_key`). */
/** Keys Medusa itself adds to module options (not the shop owner's). */
const FRAMEWORK_KEYS = ["database"]

export function parsePluginOptions(raw: unknown): MessagingPluginOptions {
  const input: Record<string, unknown> = raw && typeof raw === "object" ? { ...(raw as Record<string, unknown>) } : {}
  for (const key of FRAMEWORK_KEYS) delete input[key]
  const result = pluginOptionsSchema.safeParse(input)
  if (result.success) {
    return result.data
  }
  const problems = result.error.issues.map((issue) => {
    const path = formatPath(issue.path as (string | number)[])
    if (issue.code === "unrecognized_keys") {
      const keys = (issue as unknown as { keys: string[] }).keys
      return keys.map((k) => `${path ? path + "." : ""}${k}: unknown option`).join("; ")
    }
    return `${path || "(options)"}: ${issue.message}`
  })
  throw new InvalidOptionsError(problems)
}

function formatPath(path: (string | number)[]): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === "number") return `${acc}[${part}]`
    return acc ? `${acc}.${part}` : String(part)
  }, "")
}
