/**
 * Outage and low-balance alert e-mails without an SMTP account: Medusa's Notification
 * Module sends them when the shop has a provider for its `email` channel (Resend,
 * SendGrid, …). Runs in the app (the messaging module cannot see other modules).
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { MESSAGING_MODULE } from "../../modules/messaging"
import { type AlertDelivery, alertDelivery } from "../../modules/messaging/dispatch/alert-email"
import type MessagingModuleService from "../../modules/messaging/service"

type NotificationModule = {
  createNotifications: (data: Record<string, unknown>) => Promise<{ id: string } | { id: string }[]>
}

/** The Notification Module, when the shop registered one. */
function notificationModule(container: MedusaContainer): NotificationModule | null {
  if (!container.hasRegistration(Modules.NOTIFICATION)) return null
  return container.resolve<NotificationModule>(Modules.NOTIFICATION)
}

/** Whether the shop's Notification Module has an enabled provider for the `email` channel. */
export async function notificationHasEmail(container: MedusaContainer): Promise<boolean> {
  if (!notificationModule(container)) return false
  try {
    const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
    const row = await knex("notification_provider")
      .where({ is_enabled: true })
      .whereRaw("? = ANY(channels)", ["email"])
      .first("id")
    return !!row
  } catch {
    return false
  }
}

/** How alerts reach the alert address now (shown on the General tab). */
export async function currentAlertDelivery(container: MedusaContainer): Promise<AlertDelivery> {
  const messaging = container.resolve<MessagingModuleService>(MESSAGING_MODULE)
  return alertDelivery(await messaging.hasSmtpAccount(), await notificationHasEmail(container))
}

/** Hand held alert e-mails to the Notification Module (or back to the dispatcher once an SMTP account exists). */
export async function deliverHeldAlerts(container: MedusaContainer): Promise<number> {
  const messaging = container.resolve<MessagingModuleService>(MESSAGING_MODULE)
  const held = await messaging.alertsForNotificationModule()
  if (!held.length) return 0
  if (await messaging.hasSmtpAccount()) {
    for (const row of held) await messaging.settleNotificationAlert(row.id, { requeue: true })
    return held.length
  }
  const notification = notificationModule(container)
  if (!notification || !(await notificationHasEmail(container))) return 0
  let sent = 0
  for (const row of held) {
    try {
      const created = await notification.createNotifications({
        to: row.recipient,
        channel: "email",
        template: "messaging-alert",
        content: { subject: row.subject ?? "", text: row.body },
        data: { subject: row.subject ?? "", text: row.body },
        idempotency_key: `messaging-alert:${row.id}`,
      })
      const id = Array.isArray(created) ? created[0]?.id : created?.id
      await messaging.settleNotificationAlert(row.id, { notification_id: id ?? "" })
      sent++
    } catch (e) {
      container
        .resolve("logger")
        .warn(`messaging: the Notification Module could not send alert ${row.id}: ${(e as Error).message}`)
    }
  }
  return sent
}
