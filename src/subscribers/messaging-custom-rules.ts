import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { MESSAGING_MODULE } from "../modules/messaging"
import type MessagingModuleService from "../modules/messaging/service"
import { customRuleEventProblem } from "../modules/messaging/custom-rules/secret-fields"
import { notifyCustomRulesWorkflow } from "../workflows/notify-custom-rule"

/**
 * Custom rules can name any event, so this listens to all of them ("*") and does
 * nothing unless a rule exists for the event (the names are cached for a few seconds).
 */
export default async function messagingCustomRulesHandler({ event, container }: SubscriberArgs<Record<string, any>>) {
  // events whose payload carries credentials (auth.*, invite.*, …) never reach a rule
  if (!event.name || event.name.startsWith("messaging.") || customRuleEventProblem(event.name)) return
  const messaging = container.resolve<MessagingModuleService>(MESSAGING_MODULE)
  if (!(await messaging.customRuleEvents()).has(event.name)) return
  await notifyCustomRulesWorkflow(container).run({ input: { event_name: event.name, data: event.data ?? {} } })
}

export const config: SubscriberConfig = {
  event: "*",
  context: { subscriberId: "messaging-custom-rules" },
}
