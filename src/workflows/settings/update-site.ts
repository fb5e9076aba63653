import { createWorkflow, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import type { UpdateSiteBody } from "../../api/admin/messaging/validators/settings"
import { updateSiteStep } from "./steps/update-site"
import { validateSiteUpdateStep } from "./steps/validate-site-update"

export const updateSiteWorkflowId = "messaging-update-site"

/** Change a site's settings; admin phones are stored in E.164. */
export const updateSiteWorkflow = createWorkflow(
  updateSiteWorkflowId,
  (input: WorkflowData<{ id: string; data: UpdateSiteBody }>) => {
    return new WorkflowResponse(updateSiteStep(validateSiteUpdateStep(input)))
  }
)
