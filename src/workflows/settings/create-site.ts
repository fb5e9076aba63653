import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import type { CreateSiteBody } from "../../api/admin/messaging/validators/settings"
import { createSiteStep } from "./steps/create-site"
import { ensureInstalledStep } from "./steps/ensure-installed"
import { validateNewSiteStep } from "./steps/validate-new-site"

export const createSiteWorkflowId = "messaging-create-site"

/** Own settings for a sales channel, starting from the global ones. */
export const createSiteWorkflow = createWorkflow(createSiteWorkflowId, (body: WorkflowData<CreateSiteBody>) => {
  ensureInstalledStep()
  return new WorkflowResponse(createSiteStep(validateNewSiteStep(body)))
})
