import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import type { UpdateTemplateBody } from "../../api/admin/messaging/validators/templates"
import { updateTemplateStep } from "./steps/update-template"
import { validateTemplateUpdateStep } from "./steps/validate-template-update"

export const updateTemplateWorkflowId = "messaging-update-template"

/** Edit a template; an edited text must validate and is then no longer the default. */
export const updateTemplateWorkflow = createWorkflow(
  updateTemplateWorkflowId,
  (input: WorkflowData<{ id: string; update: UpdateTemplateBody }>) => {
    return new WorkflowResponse(updateTemplateStep(validateTemplateUpdateStep(input)))
  }
)
