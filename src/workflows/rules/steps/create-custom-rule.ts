import { createRowStep } from "../../common/row-steps"

export const createCustomRuleStepId = "messaging-create-custom-rule"

/** Write a custom rule. Compensation: it is deleted. */
export const createCustomRuleStep = createRowStep<Record<string, unknown>>(
  createCustomRuleStepId,
  "MessagingCustomRule"
)
