import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import type { CreateTemplateBody } from "../../api/admin/messaging/validators/templates"
import { createTemplateStep } from "./steps/create-template"
import { validateNewTemplateStep } from "./steps/validate-new-template"

export const createTemplateWorkflowId = "messaging-create-template"

/** A template for an event, audience, channel, site and locale; one that does not validate is refused. */
export const createTemplateWorkflow = createWorkflow(
  createTemplateWorkflowId,
  (body: WorkflowData<CreateTemplateBody>) => {
    return new WorkflowResponse(createTemplateStep(validateNewTemplateStep(body)))
  }
)
