import { deleteRowStep } from "../../common/row-steps"

export const deleteCustomRuleStepId = "messaging-delete-custom-rule"

/** Delete a custom rule. Compensation: it is written again as it was. */
export const deleteCustomRuleStep = deleteRowStep(deleteCustomRuleStepId, "MessagingCustomRule")
