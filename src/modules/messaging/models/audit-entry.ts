import { model } from "@medusajs/framework/utils"

/**
 * One admin action on the plugin (a setting, an account, a template, a send, a cancel…):
 * who, when, which route and a summary of the change that never holds a secret.
 * Written by the admin routes' audit middleware (src/api/audit); pruned after the
 * `audit_retention_days` option.
 */
export const MessagingAuditEntry = model
  .define("messaging_audit_entry", {
    id: model.id({ prefix: "maud" }).primaryKey(),
    /** The admin user (auth_context.actor_id); null when the request had no actor. */
    actor_id: model.text().nullable(),
    /** The policy the route needs: `messaging_account:update`, `messaging_message:send`… */
    action: model.text(),
    /** The plugin resource (`messaging_account`…) and the record the action was on, when one. */
    resource: model.text(),
    resource_id: model.text().nullable(),
    /** `POST /accounts/:id`: the route, as its file is named. */
    route: model.text(),
    summary: model.text(),
  })
  .indexes([
    { name: "IDX_messaging_audit_entry_created_at", on: ["created_at"] },
    { name: "IDX_messaging_audit_entry_actor_id", on: ["actor_id"] },
    { name: "IDX_messaging_audit_entry_resource", on: ["resource"] },
  ])
