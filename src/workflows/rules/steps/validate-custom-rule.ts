import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { invalidField } from "../../../api/admin/messaging/helpers/errors"
import { assertValidRuleTexts } from "../../../api/admin/messaging/helpers/rules"
import { messagingOf } from "../../messaging"

export const validateCustomRuleStepId = "messaging-validate-custom-rule"

export interface CustomRuleChange {
  /** Absent for a new rule. */
  id?: string
  data: Record<string, any>
}

/**
 * A rule needs a customer or an admin text, and may read no secret (400 naming the
 * field); 404 for an unknown id. Switching a rule off always works, so a rule saved before
 * the credential checks can still be disabled. Answers the row to write. Reads only.
 */
export const validateCustomRuleStep = createStep(
  validateCustomRuleStepId,
  async (input: CustomRuleChange, { container }) => {
    const stored = input.id ? await messagingOf(container).retrieveMessagingCustomRule(input.id) : null
    const merged = { ...(stored ?? {}), ...input.data }
    if (!merged.customer_text && !merged.admin_text) throw invalidField("customer_text", "or admin_text must be set")
    const onlyDisables = !!stored && Object.keys(input.data).length === 1 && input.data.enabled === false
    if (!onlyDisables) assertValidRuleTexts(merged)
    return new StepResponse<Record<string, unknown>>(stored ? { id: stored.id, ...input.data } : input.data)
  }
)
