import { createWorkflow, transform, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { createCustomRuleStep } from "./steps/create-custom-rule"
import { validateCustomRuleStep } from "./steps/validate-custom-rule"

export const createCustomRuleWorkflowId = "messaging-create-custom-rule"

/** A custom rule ("send on any event"); its texts must validate and read no secret. */
export const createCustomRuleWorkflow = createWorkflow(
  createCustomRuleWorkflowId,
  (data: WorkflowData<Record<string, unknown>>) => {
    const row = validateCustomRuleStep(transform({ data }, ({ data }) => ({ data })))
    return new WorkflowResponse(createCustomRuleStep(row))
  }
)
