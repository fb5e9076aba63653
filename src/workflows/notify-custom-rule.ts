import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { MESSAGING_MODULE } from "../modules/messaging"
import type MessagingModuleService from "../modules/messaging/service"
import { type CustomRuleRow, resolveCustomRule, ruleTemplates } from "./notify/custom-rule"

export interface NotifyCustomRulesInput {
  event_name: string
  data: Record<string, any>
}

/** Every enabled custom rule for the event: resolve, render its texts, write the outbox rows. */
export const enqueueCustomRuleMessagesStep = createStep(
  "messaging-enqueue-custom-rule-messages",
  async (input: NotifyCustomRulesInput, { container }) => {
    const messaging = container.resolve<MessagingModuleService>(MESSAGING_MODULE)
    const rules = (await messaging.listMessagingCustomRules({ event_name: input.event_name, enabled: true })) as unknown as CustomRuleRow[]
    const logger = container.resolve("logger")
    const ids: string[] = []
    for (const rule of rules) {
      const templates = ruleTemplates(rule)
      if (!templates.length) continue
      try {
        const resolved = await resolveCustomRule(container, rule, input.data)
        const rows = await messaging.enqueueEventMessages(resolved, { templates, includeStaff: !!rule.staff_profile_ids?.length })
        ids.push(...rows.map((r) => r.id))
      } catch (e) {
        logger.warn(`messaging: custom rule "${rule.name}" on ${input.event_name} sent nothing: ${(e as Error).message}`)
      }
    }
    return new StepResponse({ created: ids.length, ids })
  }
)

export const notifyCustomRulesWorkflow = createWorkflow("messaging-notify-custom-rules", (input: NotifyCustomRulesInput) => {
  return new WorkflowResponse(enqueueCustomRuleMessagesStep(input))
})
