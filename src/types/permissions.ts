/**
 * The plugin's RBAC catalogue: every resource, its operations and what each allows.
 * Shared by the policy declarations (src/policies), the route guards (src/api/route-policies.ts)
 * and the README. The resources themselves are in vocabulary.ts, which the admin bundles.
 */
import { MESSAGING_RESOURCES, type MessagingResource } from "../modules/messaging/vocabulary"

export { MESSAGING_RESOURCES, type MessagingResource }

/** One permission: `resource:operation`, as Medusa's `/admin/rbac/me/permissions` lists them. */
export type MessagingPermission = `${MessagingResource}:${string}`

export type MessagingPolicy = {
  /** Unique across the whole app (Medusa's policy registry is keyed by name). */
  name: string
  resource: MessagingResource
  operation: string
  description: string
}

const R = MESSAGING_RESOURCES

export const MESSAGING_POLICIES: MessagingPolicy[] = [
  {
    name: "MessagingReadSettings",
    resource: R.settings,
    operation: "read",
    description: "Messaging: see the general settings, sites and staff profiles",
  },
  {
    name: "MessagingUpdateSettings",
    resource: R.settings,
    operation: "update",
    description: "Messaging: change the general settings, sites and staff profiles (and send a staff test)",
  },
  {
    name: "MessagingReadAccounts",
    resource: R.account,
    operation: "read",
    description: "Messaging: see provider accounts (credentials masked), senders and balances",
  },
  {
    name: "MessagingCreateAccounts",
    resource: R.account,
    operation: "create",
    description: "Messaging: add provider accounts and senders",
  },
  {
    name: "MessagingUpdateAccounts",
    resource: R.account,
    operation: "update",
    description: "Messaging: change provider accounts and senders, test a connection",
  },
  {
    name: "MessagingDeleteAccounts",
    resource: R.account,
    operation: "delete",
    description: "Messaging: delete provider accounts and senders",
  },
  {
    name: "MessagingReadTemplates",
    resource: R.template,
    operation: "read",
    description: "Messaging: see templates and the event catalogue, validate and preview texts",
  },
  {
    name: "MessagingCreateTemplates",
    resource: R.template,
    operation: "create",
    description: "Messaging: add templates (a language, a sales channel's own text)",
  },
  {
    name: "MessagingUpdateTemplates",
    resource: R.template,
    operation: "update",
    description: "Messaging: edit templates and reset them to the default text",
  },
  {
    name: "MessagingDeleteTemplates",
    resource: R.template,
    operation: "delete",
    description: "Messaging: delete templates",
  },
  {
    name: "MessagingReadRules",
    resource: R.rule,
    operation: "read",
    description: "Messaging: see custom rules",
  },
  {
    name: "MessagingCreateRules",
    resource: R.rule,
    operation: "create",
    description: "Messaging: add custom rules",
  },
  {
    name: "MessagingUpdateRules",
    resource: R.rule,
    operation: "update",
    description: "Messaging: edit custom rules",
  },
  {
    name: "MessagingDeleteRules",
    resource: R.rule,
    operation: "delete",
    description: "Messaging: delete custom rules",
  },
  {
    name: "MessagingReadMessages",
    resource: R.message,
    operation: "read",
    description: "Messaging: read message history (order, customer, History tab), statistics, export CSV",
  },
  {
    name: "MessagingSendMessages",
    resource: R.message,
    operation: "send",
    description: "Messaging: send a message from an order or customer, send a held message now",
  },
  {
    name: "MessagingResendMessages",
    resource: R.message,
    operation: "resend",
    description: "Messaging: resend a message or send it again (with the opt-out override)",
  },
  {
    name: "MessagingCancelMessages",
    resource: R.message,
    operation: "cancel",
    description: "Messaging: cancel queued messages",
  },
  {
    name: "MessagingReadCampaigns",
    resource: R.campaign,
    operation: "read",
    description: "Messaging: see bulk campaigns and their progress",
  },
  {
    name: "MessagingCreateCampaigns",
    resource: R.campaign,
    operation: "create",
    description: "Messaging: dry-run and start bulk campaigns (SMS to many customers)",
  },
  {
    name: "MessagingUpdateCampaigns",
    resource: R.campaign,
    operation: "update",
    description: "Messaging: pause, resume and cancel bulk campaigns",
  },
  {
    name: "MessagingReadInbox",
    resource: R.inbox,
    operation: "read",
    description: "Messaging: read inbound replies",
  },
  {
    name: "MessagingReadIntake",
    resource: R.intake,
    operation: "read",
    description: "Messaging: see intake collectors and the leads they brought in",
  },
  {
    name: "MessagingUpdateIntake",
    resource: R.intake,
    operation: "update",
    description: "Messaging: change intake collectors and handle leads (assign, convert to an order, reject)",
  },
  {
    name: "MessagingReadOptOuts",
    resource: R.optOut,
    operation: "read",
    description: "Messaging: see opt-outs and consent",
  },
  {
    name: "MessagingCreateOptOuts",
    resource: R.optOut,
    operation: "create",
    description: "Messaging: add opt-outs, import consent",
  },
  {
    name: "MessagingDeleteOptOuts",
    resource: R.optOut,
    operation: "delete",
    description: "Messaging: allow an opted-out number again",
  },
  {
    name: "MessagingReadDebugLog",
    resource: R.debugLog,
    operation: "read",
    description: "Messaging: read the provider debug log (masked requests and responses)",
  },
  {
    name: "MessagingUpdateDebugLog",
    resource: R.debugLog,
    operation: "update",
    description: "Messaging: record in full (unmasked numbers and texts) for a while, or mask again",
  },
  {
    name: "MessagingDeleteDebugLog",
    resource: R.debugLog,
    operation: "delete",
    description: "Messaging: clear the debug log",
  },
  {
    name: "MessagingReadAudit",
    resource: R.audit,
    operation: "read",
    description: "Messaging: read the audit trail of admin actions (Audit tab)",
  },
]

/** The permission string of a resource and operation. */
export const permission = (resource: MessagingResource, operation: string): MessagingPermission =>
  `${resource}:${operation}`
