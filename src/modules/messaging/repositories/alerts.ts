/**
 * Alert e-mails written while the shop had no SMTP account wait (`deferred`, no due
 * time, metadata.via = "notification") for the dispatch job to hand them to Medusa's
 * Notification Module; the dispatcher never claims them.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { ALERT_VIA_NOTIFICATION } from "../dispatch/alert-email"
import { type MessageRow, insertTimeline, MESSAGE_TABLE } from "./messages"

export async function pendingNotificationAlerts(knex: Knex, limit: number): Promise<MessageRow[]> {
  return (await knex(MESSAGE_TABLE)
    .whereNull("deleted_at")
    .where({ event_name: "messaging.alert", status: "deferred", channel: "email" })
    .whereNull("next_attempt_at")
    .whereRaw(`metadata->>'via' = ?`, [ALERT_VIA_NOTIFICATION])
    .orderBy("created_at")
    .limit(limit)) as MessageRow[]
}

export async function settleNotificationAlert(
  knex: Knex,
  id: string,
  outcome: { notification_id: string } | { requeue: true }
): Promise<void> {
  const now = new Date()
  const pending = () => knex(MESSAGE_TABLE).where({ id, status: "deferred" }).whereNull("next_attempt_at")
  if ("requeue" in outcome) {
    const n = await pending().update({ status: "queued", next_attempt_at: now, updated_at: now })
    if (n)
      await insertTimeline(knex, [
        {
          message_id: id,
          status: "queued",
          source: "system",
          note: "an SMTP account is set up now: sending through it",
          occurred_at: now,
        },
      ])
    return
  }
  const n = await pending().update({
    status: "sent",
    sent_at: now,
    provider_type: "notification",
    provider_message_id: outcome.notification_id,
    updated_at: now,
  })
  if (n) {
    await insertTimeline(knex, [
      {
        message_id: id,
        status: "sent",
        source: "system",
        note: "sent through Medusa's Notification Module (email channel)",
        occurred_at: now,
        data: { notification_id: outcome.notification_id },
      },
    ])
  }
}
