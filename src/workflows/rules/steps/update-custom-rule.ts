import { updateRowStep } from "../../common/row-steps"

export const updateCustomRuleStepId = "messaging-update-custom-rule"

/** Change a custom rule. Compensation: the changed fields get their old values back. */
export const updateCustomRuleStep = updateRowStep<Record<string, unknown> & { id: string }>(
  updateCustomRuleStepId,
  "MessagingCustomRule"
)
