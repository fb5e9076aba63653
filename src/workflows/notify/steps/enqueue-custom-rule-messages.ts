import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messagingOf } from "../../messaging"
import { type CustomRuleRow, resolveCustomRule, ruleTemplates } from "../custom-rule"

export interface NotifyCustomRulesInput {
  event_name: string
  data: Record<string, any>
}

export const enqueueCustomRuleMessagesStepId = "messaging-enqueue-custom-rule-messages"

/**
 * Every enabled custom rule for the event: resolve, render its texts, write the outbox
 * rows (a rule that fails is logged and skipped). No compensation: it is the only step.
 */
export const enqueueCustomRuleMessagesStep = createStep(
  enqueueCustomRuleMessagesStepId,
  async (input: NotifyCustomRulesInput, { container }) => {
    const messaging = messagingOf(container)
    const rules = (await messaging.listMessagingCustomRules({
      event_name: input.event_name,
      enabled: true,
    })) as unknown as CustomRuleRow[]
    const logger = container.resolve("logger")
    const ids: string[] = []
    for (const rule of rules) {
      const templates = ruleTemplates(rule)
      if (!templates.length) continue
      try {
        const resolved = await resolveCustomRule(container, rule, input.data)
        const rows = await messaging.enqueueEventMessages(resolved, {
          templates,
          includeStaff: !!rule.staff_profile_ids?.length,
        })
        ids.push(...rows.map((r) => r.id))
      } catch (e) {
        logger.warn(
          `messaging: custom rule "${rule.name}" on ${input.event_name} sent nothing: ${(e as Error).message}`
        )
      }
    }
    return new StepResponse({ created: ids.length, ids })
  }
)
