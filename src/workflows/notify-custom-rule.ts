import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { enqueueCustomRuleMessagesStep, type NotifyCustomRulesInput } from "./notify/steps/enqueue-custom-rule-messages"

export { enqueueCustomRuleMessagesStep, type NotifyCustomRulesInput } from "./notify/steps/enqueue-custom-rule-messages"

export const notifyCustomRulesWorkflow = createWorkflow(
  "messaging-notify-custom-rules",
  (input: NotifyCustomRulesInput) => {
    return new WorkflowResponse(enqueueCustomRuleMessagesStep(input))
  }
)
