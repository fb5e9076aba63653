import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { updateCustomRuleStep } from "./steps/update-custom-rule"
import { validateCustomRuleStep, type CustomRuleChange } from "./steps/validate-custom-rule"

export const updateCustomRuleWorkflowId = "messaging-update-custom-rule"

/** Edit a custom rule; switching it off always works. */
export const updateCustomRuleWorkflow = createWorkflow(
  updateCustomRuleWorkflowId,
  (input: WorkflowData<CustomRuleChange & { id: string }>) => {
    const row = validateCustomRuleStep(input)
    return new WorkflowResponse(
      updateCustomRuleStep(row as unknown as WorkflowData<Record<string, unknown> & { id: string }>)
    )
  }
)
